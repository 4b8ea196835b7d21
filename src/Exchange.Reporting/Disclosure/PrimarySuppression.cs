namespace Exchange.Reporting.Disclosure;

/// <summary>A cell that is sensitive in itself, and the range that must stay open around it.</summary>
internal readonly record struct PrimaryFinding(int Cell, PrimaryReasons Reasons, ProtectionInterval Required);

/// <summary>
/// Finds the cells that are sensitive in themselves.
/// <para>
/// Small count: 0 &lt; n &lt; T (T the threshold). Its protection interval is [0, T]: the published
/// figures must leave it possible that nobody is in the cell and that the threshold is reached, so
/// the reader cannot tell the cell holds a few people, let alone how many.
/// </para>
/// <para>
/// Group disclosure (the zero-cell rule): along a dimension whose role is
/// <see cref="DimensionRole.Attribute"/>, a cell with n &gt; 0 that equals its parent total, where
/// the parent has at least two children, says that every member of the group (the parent) has this
/// cell's category; the zero siblings say the same thing. The sensitive fact is "the others are
/// zero", so the full cell is the primary one and its lower protection is min(n, T): the reader
/// must not be able to rule out that T members (or all of them, if fewer) fall elsewhere. Its upper
/// protection is nil, as the fact to hide is only the concentration. Suppressing the full cell
/// alone never suffices while the total and the zeros are out; the complementary step suppresses
/// whatever the audit needs. A parent with a single child is structural, not a disclosure. The rule
/// applies to groups of at most <see cref="DisclosureRules.GroupDisclosureMaxTotal"/> people when
/// that is set.
/// </para>
/// </summary>
internal static class PrimarySuppression
{
    public static List<PrimaryFinding> Find(CountTable table, DisclosureRules rules)
    {
        var findings = new List<PrimaryFinding>();
        for (var cell = 0; cell < table.CellCount; cell++)
        {
            var count = table.CountAt(cell);
            if (count == 0)
                continue;
            var reasons = PrimaryReasons.None;
            var lower = count;
            var upper = count;
            if (count < rules.Threshold)
            {
                reasons |= PrimaryReasons.SmallCount;
                lower = 0;
                upper = rules.Threshold;
            }
            if (IsWholeGroup(table, cell, count, rules))
            {
                reasons |= PrimaryReasons.GroupDisclosure;
                lower = Math.Min(lower, count - Math.Min(count, rules.Threshold));
            }
            if (reasons != PrimaryReasons.None)
                findings.Add(new(cell, reasons, new(lower, upper)));
        }
        return findings;
    }

    private static bool IsWholeGroup(CountTable table, int cell, long count, DisclosureRules rules)
    {
        if (count > rules.GroupDisclosureMaxTotal)
            return false;
        for (var d = 0; d < table.Dimensions.Count; d++)
        {
            var dimension = table.Dimensions[d];
            if (dimension.Role != DimensionRole.Attribute)
                continue;
            var parent = dimension.ParentOf(table.NodeOf(cell, d));
            if (parent < 0 || dimension.ChildrenOf(parent).Count < 2)
                continue;
            if (table.CountAt(table.WithNode(cell, d, parent)) == count)
                return true;
        }
        return false;
    }
}
