namespace Exchange.Reporting.Disclosure;

/// <summary>
/// One classification variable of a count table as a tree: the root is the total, every interior
/// node is the total of its children (province → prefecture → county; all → category). Node 0 is
/// the root; the other nodes keep the order they were declared in, which is the order a report
/// shows them.
/// </summary>
public sealed class Dimension
{
    private readonly Dictionary<string, int> _indexByCode;
    private readonly int[] _parent;
    private readonly int[][] _children;
    private readonly int[] _height;

    private Dimension(string name, DimensionRole role, bool rootIsUnrestricted, string[] codes, int[] parent)
    {
        Name = name;
        Role = role;
        RootIsUnrestricted = rootIsUnrestricted;
        Codes = codes;
        _parent = parent;
        _indexByCode = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var children = codes.Select(_ => new List<int>()).ToArray();
        for (var node = 1; node < codes.Length; node++)
            children[parent[node]].Add(node);
        _children = [.. children.Select(c => c.ToArray())];
        _height = new int[codes.Length];
        for (var node = 1; node < codes.Length; node++)
        {
            var height = 0;
            for (var n = node; n != 0; n = parent[n])
                _height[parent[n]] = Math.Max(_height[parent[n]], ++height);
        }
    }

    public string Name { get; }

    public DimensionRole Role { get; }

    /// <summary>
    /// True when the root means "no restriction on this variable" (everyone), so a cell at the root
    /// is the same figure as the cell without this dimension at all. Linked tables rely on it:
    /// region×category and region×education share their region totals only when both category and
    /// education declare an unrestricted root. A root that is itself a selection (regions A+B) must
    /// not be declared unrestricted, or it would be taken for the same figure as another selection.
    /// </summary>
    public bool RootIsUnrestricted { get; }

    /// <summary>Node codes; index 0 is the root.</summary>
    public IReadOnlyList<string> Codes { get; }

    public string Root => Codes[0];

    public int NodeCount => Codes.Count;

    /// <summary>A flat classification: one total over its categories.</summary>
    public static Dimension Flat(string name, DimensionRole role, string total, IEnumerable<string> categories, bool rootIsUnrestricted = false) =>
        Tree(name, role, total, categories.Select(c => (c, total)), rootIsUnrestricted);

    /// <summary>A hierarchy given as (code, parent code) pairs below <paramref name="root"/>, parents in any order.</summary>
    public static Dimension Tree(string name, DimensionRole role, string root, IEnumerable<(string Code, string Parent)> nodes, bool rootIsUnrestricted = false)
    {
        var problems = new List<DisclosureProblem>();
        var where = $"dimension '{name}'";
        if (!IsValidName(name))
            problems.Add(new(DisclosureProblem.Codes.InvalidName, where, NameRule));
        var list = nodes.ToList();
        var codes = new List<string> { root };
        foreach (var (code, _) in list)
            codes.Add(code);
        foreach (var code in codes.Where(c => !IsValidName(c)))
            problems.Add(new(DisclosureProblem.Codes.InvalidName, $"{where}, node '{code}'", NameRule));
        foreach (var duplicate in codes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add(new(DisclosureProblem.Codes.DuplicateCode, $"{where}, node '{duplicate.Key}'", "a code names one node only"));
        DisclosureInputException.ThrowIfAny(problems);

        var index = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var parent = new int[codes.Count];
        parent[0] = -1;
        for (var i = 0; i < list.Count; i++)
        {
            if (index.TryGetValue(list[i].Parent, out var p))
                parent[i + 1] = p;
            else
                problems.Add(new(DisclosureProblem.Codes.UnknownParent, $"{where}, node '{list[i].Code}'", $"parent '{list[i].Parent}' is not a node of the dimension"));
        }
        DisclosureInputException.ThrowIfAny(problems);

        // A node whose parent chain never reaches the root sits in a cycle; it would make a total of itself.
        for (var i = 1; i < codes.Count; i++)
        {
            var steps = 0;
            var n = i;
            while (n > 0 && steps++ <= codes.Count)
                n = parent[n];
            if (n != 0)
                problems.Add(new(DisclosureProblem.Codes.Unreachable, $"{where}, node '{codes[i]}'", "the node's parents form a cycle and never reach the root"));
        }
        DisclosureInputException.ThrowIfAny(problems);
        return new Dimension(name, role, rootIsUnrestricted, [.. codes], parent);
    }

    public bool Contains(string code) => _indexByCode.ContainsKey(code);

    public bool IsLeaf(string code) => _children[IndexOf(code)].Length == 0;

    /// <summary>The codes whose total this node is; none for a leaf.</summary>
    public IReadOnlyList<string> ChildrenOf(string code) => [.. _children[IndexOf(code)].Select(c => Codes[c])];

    internal int IndexOf(string code) => _indexByCode[code];

    internal bool TryIndexOf(string code, out int node) => _indexByCode.TryGetValue(code, out node);

    internal int ParentOf(int node) => _parent[node];

    internal IReadOnlyList<int> ChildrenOf(int node) => _children[node];

    internal bool IsInterior(int node) => _children[node].Length > 0;

    /// <summary>Levels below the node: 0 for a leaf, 1 for a total of leaves, and so on up to the root.</summary>
    internal int HeightOf(int node) => _height[node];

    /// <summary>The key pair a node adds, or none for an unrestricted root.</summary>
    internal bool Restricts(int node) => node != 0 || !RootIsUnrestricted;

    private const string NameRule = "a name or code is non-empty and holds neither '|' nor '='";

    private static bool IsValidName(string value) =>
        !string.IsNullOrEmpty(value)
        && value.IndexOf(CellKey.PairSeparator, StringComparison.Ordinal) < 0
        && value.IndexOf(CellKey.CodeSeparator, StringComparison.Ordinal) < 0;
}
