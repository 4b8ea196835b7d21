namespace Exchange.Reporting.Disclosure;

/// <summary>
/// The cells near a cell in its table's hierarchies, where a suppression pattern for it is first
/// looked for: along each dimension, the node, its ancestors, the leaf children of each of these
/// (leaf siblings at every level), and the node's descendants. A sibling that is itself a total is
/// left out: with its children outside, its own constraint would hold it still anyway. The target and every total above it lie
/// inside, so for a cell's own interval, with no figure published before, moving them together
/// always fits and a pattern is found here, though the whole table may hold a cheaper one. Where
/// none is found (a group's rest, earlier figures, a linked table's constraints), the whole system
/// is searched. Looking here first keeps each linear program a small fraction of a large table.
/// </summary>
internal static class Neighbourhood
{
    /// <summary>The cells of the neighbourhood, or null when it would exceed <paramref name="limit"/> cells.</summary>
    public static List<int>? Of(CountTable table, int cell, int limit)
    {
        var nodes = new List<int>[table.Dimensions.Count];
        long size = 1;
        for (var d = 0; d < nodes.Length; d++)
        {
            nodes[d] = NodesNear(table.Dimensions[d], table.NodeOf(cell, d));
            size *= nodes[d].Count;
            if (size > limit)
                return null;
        }
        var cells = new List<int> { cell };
        for (var d = 0; d < nodes.Length; d++)
        {
            var widened = new List<int>(cells.Count * nodes[d].Count);
            foreach (var c in cells)
                widened.AddRange(nodes[d].Select(node => table.WithNode(c, d, node)));
            cells = widened;
        }
        return cells;
    }

    private static List<int> NodesNear(Dimension dimension, int node)
    {
        var near = new HashSet<int>();
        for (var n = node; n >= 0; n = dimension.ParentOf(n))
        {
            near.Add(n);
            near.UnionWith(dimension.ChildrenOf(n).Where(c => !dimension.IsInterior(c)));
        }
        var below = new Stack<int>(dimension.ChildrenOf(node));
        while (below.Count > 0)
        {
            var n = below.Pop();
            near.Add(n);
            foreach (var child in dimension.ChildrenOf(n))
                below.Push(child);
        }
        return [.. near];
    }
}
