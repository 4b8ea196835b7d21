using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>A classification a report tabulates by: its disclosure dimension, how its codes read, and its heading.</summary>
internal sealed class Axis(Dimension dimension, LocalText title, IReadOnlyDictionary<string, LocalText> labels)
{
    public Dimension Dimension { get; } = dimension;

    public LocalText Title { get; } = title;

    public string Name => Dimension.Name;

    public LocalText LabelOf(string code) => labels.TryGetValue(code, out var label) ? label : new LocalText(code, code);

    public int DepthOf(string code)
    {
        var depth = 0;
        for (var node = Dimension.IndexOf(code); node != 0; node = Dimension.ParentOf(node))
            depth++;
        return depth;
    }

    /// <summary>Every node, each total before its parts.</summary>
    public IEnumerable<string> InReadingOrder()
    {
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return Dimension.Codes[node];
            var children = Dimension.ChildrenOf(node);
            for (var i = children.Count - 1; i >= 0; i--)
                stack.Push(children[i]);
        }
    }

    public ReportCategory Category(string code) => new(code, LabelOf(code), DepthOf(code));

    public ReportDimension Heading => new(Name, Title);

    /// <summary>A flat classification: a total and its categories, each with its label.</summary>
    /// <param name="totalIsEveryone">
    /// True when the total is the table's whole population, so that it is the same figure as in any
    /// linked table of that population; false for an outcome whose total is a sub-population of its
    /// own (those due a follow-up, say), which must not be taken for another table's total.
    /// </param>
    public static Axis Flat(string name, DimensionRole role, LocalText title, LocalText total, IReadOnlyList<(string Code, LocalText Label)> categories, bool totalIsEveryone = true) =>
        new(Dimension.Flat(name, role, Totals.Code, categories.Select(c => c.Code), rootIsUnrestricted: totalIsEveryone), title,
            categories.Append((Totals.Code, total)).ToDictionary(c => c.Code, c => c.Item2, StringComparer.Ordinal));

    /// <summary>A tree below a total, parents before children, each with its label.</summary>
    public static Axis Tree(string name, DimensionRole role, LocalText title, LocalText total, IReadOnlyList<(string Code, string Parent, LocalText Label)> nodes) =>
        new(Dimension.Tree(name, role, Totals.Code, nodes.Select(n => (n.Code, n.Parent)), rootIsUnrestricted: true), title,
            nodes.Select(n => (n.Code, n.Label)).Append((Totals.Code, total)).ToDictionary(c => c.Code, c => c.Item2, StringComparer.Ordinal));
}

/// <summary>The code every axis gives its total.</summary>
internal static class Totals
{
    public const string Code = "all";
}
