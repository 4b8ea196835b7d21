namespace Exchange.Reporting.Disclosure;

/// <summary>
/// A table of counts over the cross product of its dimensions' nodes. Every cell is a non-negative
/// count and every total equals the sum of its children along each dimension; both are checked on
/// creation, because the attacker model takes additivity as given and a table that breaks it
/// would make the audit prove nothing.
/// </summary>
public sealed class CountTable
{
    private readonly long[] _counts;
    private readonly int[] _strides;

    private CountTable(string name, Dimension[] dimensions, long[] counts)
    {
        Name = name;
        Dimensions = dimensions;
        _counts = counts;
        _strides = new int[dimensions.Length];
        var stride = 1;
        for (var d = dimensions.Length - 1; d >= 0; d--)
        {
            _strides[d] = stride;
            stride *= dimensions[d].NodeCount;
        }
    }

    public string Name { get; }

    public IReadOnlyList<Dimension> Dimensions { get; }

    public int CellCount => _counts.Length;

    public long this[params string[] coordinates] => _counts[CellOf(coordinates)];

    /// <summary>
    /// A table from its leaf counts (every dimension at a leaf); the totals are summed here. A leaf
    /// not given counts zero.
    /// </summary>
    public static CountTable FromLeafCounts(string name, IReadOnlyList<Dimension> dimensions, IEnumerable<(IReadOnlyList<string> Leaf, long Count)> leafCounts)
    {
        var shape = Shape(name, dimensions);
        var counts = new long[shape.CellCount];
        var given = new bool[shape.CellCount];
        var problems = new List<DisclosureProblem>();
        foreach (var (leaf, count) in leafCounts)
        {
            if (!shape.TryCellOf(leaf, problems, out var cell))
                continue;
            var where = $"table '{name}', cell ({string.Join(", ", leaf)})";
            if (Enumerable.Range(0, dimensions.Count).Any(d => !dimensions[d].IsLeaf(leaf[d])))
                problems.Add(new(DisclosureProblem.Codes.NotALeaf, where, "leaf counts are given at leaves; totals are summed from them"));
            else if (given[cell])
                problems.Add(new(DisclosureProblem.Codes.DuplicateCell, where, "the cell is given twice"));
            else if (count < 0)
                problems.Add(new(DisclosureProblem.Codes.NegativeCount, where, $"count {count} is negative"));
            else
            {
                given[cell] = true;
                counts[cell] = count;
            }
        }
        DisclosureInputException.ThrowIfAny(problems);
        shape.SumTotals(counts);
        return shape;
    }

    /// <summary>
    /// A table from every one of its cells, totals included, as the report computed them; the totals
    /// must add up.
    /// </summary>
    public static CountTable FromCells(string name, IReadOnlyList<Dimension> dimensions, IEnumerable<(IReadOnlyList<string> Cell, long Count)> cells)
    {
        var shape = Shape(name, dimensions);
        var given = new bool[shape.CellCount];
        var problems = new List<DisclosureProblem>();
        foreach (var (coordinates, count) in cells)
        {
            if (!shape.TryCellOf(coordinates, problems, out var cell))
                continue;
            var where = $"table '{name}', cell ({string.Join(", ", coordinates)})";
            if (given[cell])
                problems.Add(new(DisclosureProblem.Codes.DuplicateCell, where, "the cell is given twice"));
            else if (count < 0)
                problems.Add(new(DisclosureProblem.Codes.NegativeCount, where, $"count {count} is negative"));
            else
            {
                given[cell] = true;
                shape._counts[cell] = count;
            }
        }
        for (var cell = 0; cell < shape.CellCount && problems.Count < 100; cell++)
        {
            if (!given[cell])
                problems.Add(new(DisclosureProblem.Codes.MissingCell, $"table '{name}', cell ({string.Join(", ", shape.CoordinatesOf(cell))})", "every cell, totals included, must be given"));
        }
        DisclosureInputException.ThrowIfAny(problems);
        shape.CheckAdditivity(problems);
        DisclosureInputException.ThrowIfAny(problems);
        return shape;
    }

    public IReadOnlyList<string> CoordinatesOf(int cell)
    {
        var coordinates = new string[Dimensions.Count];
        for (var d = 0; d < coordinates.Length; d++)
            coordinates[d] = Dimensions[d].Codes[NodeOf(cell, d)];
        return coordinates;
    }

    public long CountAt(int cell) => _counts[cell];

    public CellKey KeyOf(int cell) =>
        CellKey.From(Enumerable.Range(0, Dimensions.Count)
            .Where(d => Dimensions[d].Restricts(NodeOf(cell, d)))
            .Select(d => (Dimensions[d].Name, Dimensions[d].Codes[NodeOf(cell, d)])));

    public int CellOf(IReadOnlyList<string> coordinates)
    {
        var problems = new List<DisclosureProblem>();
        if (!TryCellOf(coordinates, problems, out var cell))
            throw new DisclosureInputException(problems);
        return cell;
    }

    internal int NodeOf(int cell, int dimension) => cell / _strides[dimension] % Dimensions[dimension].NodeCount;

    internal int WithNode(int cell, int dimension, int node) =>
        cell + (node - NodeOf(cell, dimension)) * _strides[dimension];

    /// <summary>
    /// How high a total the cell is: the sum over dimensions of the levels below its node (0 for an
    /// inner cell). The higher the total, the more readers rely on it and the dearer it is to suppress.
    /// </summary>
    internal int TotalLevel(int cell) =>
        Enumerable.Range(0, Dimensions.Count).Sum(d => Dimensions[d].HeightOf(NodeOf(cell, d)));

    /// <summary>
    /// Every additivity constraint once: a total cell along one dimension and the cells of its children.
    /// </summary>
    internal IEnumerable<(int Total, int[] Parts)> AdditivityConstraints()
    {
        for (var cell = 0; cell < CellCount; cell++)
        {
            for (var d = 0; d < Dimensions.Count; d++)
            {
                var children = Dimensions[d].ChildrenOf(NodeOf(cell, d));
                if (children.Count == 0)
                    continue;
                var parts = new int[children.Count];
                for (var c = 0; c < parts.Length; c++)
                    parts[c] = WithNode(cell, d, children[c]);
                yield return (cell, parts);
            }
        }
    }

    private static CountTable Shape(string name, IReadOnlyList<Dimension> dimensions)
    {
        var problems = new List<DisclosureProblem>();
        if (dimensions.Count == 0)
            problems.Add(new(DisclosureProblem.Codes.NoDimensions, $"table '{name}'", "a table has at least one dimension"));
        foreach (var duplicate in dimensions.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add(new(DisclosureProblem.Codes.DuplicateDimension, $"table '{name}', dimension '{duplicate.Key}'", "a dimension appears once in a table"));
        DisclosureInputException.ThrowIfAny(problems);
        var cellCount = dimensions.Aggregate(1L, (n, d) => n * d.NodeCount);
        if (cellCount > int.MaxValue / 2)
            throw new DisclosureInputException([new(DisclosureProblem.Codes.NoDimensions, $"table '{name}'", $"{cellCount} cells is too many for one table")]);
        return new CountTable(name, [.. dimensions], new long[cellCount]);
    }

    private bool TryCellOf(IReadOnlyList<string> coordinates, List<DisclosureProblem> problems, out int cell)
    {
        cell = 0;
        var where = $"table '{Name}', cell ({string.Join(", ", coordinates)})";
        if (coordinates.Count != Dimensions.Count)
        {
            problems.Add(new(DisclosureProblem.Codes.WrongArity, where, $"a cell names one code for each of the {Dimensions.Count} dimensions"));
            return false;
        }
        for (var d = 0; d < Dimensions.Count; d++)
        {
            if (!Dimensions[d].TryIndexOf(coordinates[d], out var node))
            {
                problems.Add(new(DisclosureProblem.Codes.UnknownCode, where, $"'{coordinates[d]}' is not a node of dimension '{Dimensions[d].Name}'"));
                return false;
            }
            cell += node * _strides[d];
        }
        return true;
    }

    /// <summary>Fills the totals from the leaves, deepest totals first along each dimension in turn.</summary>
    private void SumTotals(long[] counts)
    {
        Array.Copy(counts, _counts, counts.Length);
        for (var d = 0; d < Dimensions.Count; d++)
        {
            var order = NodesDeepestFirst(Dimensions[d]);
            for (var cell = 0; cell < CellCount; cell++)
            {
                // Visit each fibre along d once, from its cell at the root of d.
                if (NodeOf(cell, d) != 0)
                    continue;
                foreach (var node in order)
                {
                    var children = Dimensions[d].ChildrenOf(node);
                    if (children.Count == 0)
                        continue;
                    long sum = 0;
                    foreach (var child in children)
                        sum = checked(sum + _counts[WithNode(cell, d, child)]);
                    _counts[WithNode(cell, d, node)] = sum;
                }
            }
        }
    }

    private void CheckAdditivity(List<DisclosureProblem> problems)
    {
        foreach (var (total, parts) in AdditivityConstraints())
        {
            var sum = parts.Sum(p => _counts[p]);
            if (sum == _counts[total])
                continue;
            problems.Add(new(DisclosureProblem.Codes.NotAdditive, $"table '{Name}', cell ({string.Join(", ", CoordinatesOf(total))})",
                $"the total is {_counts[total]} but its parts ({string.Join("; ", parts.Select(p => string.Join(", ", CoordinatesOf(p))))}) sum to {sum}"));
            if (problems.Count >= 100)
                return;
        }
    }

    private static List<int> NodesDeepestFirst(Dimension dimension)
    {
        var depth = new int[dimension.NodeCount];
        for (var node = 1; node < depth.Length; node++)
        {
            for (var n = node; n != 0; n = dimension.ParentOf(n))
                depth[node]++;
        }
        return [.. Enumerable.Range(0, depth.Length).OrderByDescending(n => depth[n])];
    }
}
