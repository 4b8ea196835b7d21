using Exchange.Core.Codes;
using Exchange.Reporting.Disclosure;
using Exchange.Reporting.Reports;

namespace Exchange.Reporting.Statistics;

/// <summary>Disadvantaged graduates and the others, side by side: all → disadvantaged → category; all → others.</summary>
internal static class Groups
{
    public const string Disadvantaged = "disadvantaged";
    public const string Others = "others";

    public static Axis Axis(string name = "group")
    {
        var hardship = CodeListCatalog.Shipped["hardship-type"];
        var nodes = new List<(string, string, LocalText)>
        {
            (Disadvantaged, Totals.Code, new("困难群体毕业生", "disadvantaged graduates")),
        };
        nodes.AddRange(Population.CategoryByRank.Select(c => (c, Disadvantaged, Labels.Of(hardship, c))));
        nodes.Add((Others, Totals.Code, new("其他毕业生", "other graduates")));
        return Statistics.Axis.Tree(name, DimensionRole.Attribute, new("群体", "group"), new("全部毕业生", "all graduates"), nodes);
    }

    /// <summary>The two groups alone, for tables whose rows compare them.</summary>
    public static Axis Pair(string name) =>
        Statistics.Axis.Flat(name, DimensionRole.Attribute, new("群体", "group"), new("全部毕业生", "all graduates"),
            [(Disadvantaged, new("困难群体毕业生", "disadvantaged graduates")), (Others, new("其他毕业生", "other graduates"))]);
}

/// <summary>The selected region and its parts (provinces of the country, prefectures of a province, counties of a prefecture).</summary>
internal static class Regions
{
    public const string Name = "region";

    /// <summary>
    /// The selected region with its parts. With no selection the total is everyone (the code
    /// <c>all</c>); a selected region's total is that region (its own code), so that its figures
    /// are the same figures as its row in a report on the region above.
    /// </summary>
    public static Axis Axis(string? root, IEnumerable<string> parts)
    {
        var divisions = CodeListCatalog.Shipped["admin-division"];
        var rootCode = root ?? Totals.Code;
        var labels = parts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => (p, Labels.Of(divisions, p))).ToList();
        return new Axis(Dimension.Flat(Name, DimensionRole.Grouping, rootCode, labels.Select(l => l.p), rootIsUnrestricted: root is null),
            new("地区（生源地）", "region (of origin)"),
            labels.Append((rootCode, root is null ? new LocalText("全国", "all regions") : Labels.Of(divisions, root))).ToDictionary(l => l.Item1, l => l.Item2, StringComparer.Ordinal));
    }
}

/// <summary>Education levels by their GB/T 4658 family: postgraduate, undergraduate, junior college, secondary vocational, other.</summary>
internal static class Educations
{
    public static Axis Axis(IEnumerable<string> present)
    {
        var levels = CodeListCatalog.Shipped["education-level"];
        return Statistics.Axis.Flat("education", DimensionRole.Grouping, new("学历层次", "education level"), new("全部学历", "all levels"),
            [.. present.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(e => (e, Labels.Of(levels, e)))]);
    }
}

/// <summary>Major groups: the discipline (学科门类) of an undergraduate major, the category (专业大类) of a vocational one.</summary>
internal static class Disciplines
{
    public static Axis Axis(IEnumerable<string> present)
    {
        var undergraduate = CodeListCatalog.Shipped["major-undergraduate"];
        var vocational = CodeListCatalog.Shipped["major-vocational"];
        return Statistics.Axis.Flat("major-group", DimensionRole.Grouping, new("专业门类", "major group"), new("全部专业", "all majors"),
            [.. present.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(d => (d, undergraduate.Find(d) is not null ? Labels.Of(undergraduate, d) : Labels.Of(vocational, d)))]);
    }
}

/// <summary>Labels from the hub's code lists; a code without an English label reads the same in both.</summary>
internal static class Labels
{
    public static LocalText Of(CodeList list, string code) =>
        list.Find(code) is { } entry ? new LocalText(entry.Zh, entry.En ?? entry.Zh) : new LocalText(code, code);
}
