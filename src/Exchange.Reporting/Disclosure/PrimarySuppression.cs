namespace Exchange.Reporting.Disclosure;

/// <summary>A cell that is sensitive in itself, and what must stay open around it.</summary>
internal readonly record struct PrimaryFinding(int Cell, PrimaryReasons Reasons, CellProtection Required);

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
/// cell's category; its zero siblings say the same thing. The full cell is the primary one, and
/// what must stay open is the rest of the group (parent − cell, the sum of the zeros): it must be
/// able to reach min(n, T), so the reader cannot rule out that T members (or all of them, if
/// fewer) fall elsewhere. Suppressing the full cell alone never achieves that while the zeros are
/// out; the complementary step hides whatever the audit needs. A parent with a single child is
/// structural, not a disclosure. The rule applies to groups of at most
/// <see cref="DisclosureRules.GroupDisclosureMaxTotal"/> people when that is set.
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
            ProtectionInterval? value = null;
            if (count < rules.Threshold)
            {
                reasons |= PrimaryReasons.SmallCount;
                value = new(0, rules.Threshold);
            }
            var groups = WholeGroups(table, cell, count, rules).Select(total => new RestOfGroup(table.KeyOf(total), Math.Min(count, rules.Threshold))).ToList();
            if (groups.Count > 0)
                reasons |= PrimaryReasons.GroupDisclosure;
            if (reasons != PrimaryReasons.None)
                findings.Add(new(cell, reasons, new CellProtection(value, groups)));
        }
        return findings;
    }

    /// <summary>The group totals, one per attribute dimension, that the cell takes up entirely.</summary>
    private static IEnumerable<int> WholeGroups(CountTable table, int cell, long count, DisclosureRules rules)
    {
        if (count > rules.GroupDisclosureMaxTotal)
            yield break;
        for (var d = 0; d < table.Dimensions.Count; d++)
        {
            var dimension = table.Dimensions[d];
            if (dimension.Role != DimensionRole.Attribute)
                continue;
            var parent = dimension.ParentOf(table.NodeOf(cell, d));
            if (parent < 0 || dimension.ChildrenOf(parent).Count < 2)
                continue;
            var total = table.WithNode(cell, d, parent);
            if (table.CountAt(total) == count)
                yield return total;
        }
    }
}
