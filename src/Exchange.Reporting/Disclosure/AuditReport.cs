namespace Exchange.Reporting.Disclosure;

/// <summary>
/// What the attacker can learn about one suppressed or sensitive figure: the smallest and largest
/// value it can take given everything published, additivity and non-negativity, and, for a group
/// disclosure, the largest the rest of each group can be.
/// </summary>
public sealed record AuditedCell(
    CellKey Key,
    CellStatus Status,
    double Lower,
    double Upper,
    IReadOnlyDictionary<CellKey, double> LargestRestOfGroup,
    CellProtection? Required)
{
    /// <summary>
    /// Slack for the solver's floating point. Counts are whole numbers, so an interval that misses a
    /// bound by less than this misses it by nothing.
    /// </summary>
    public const double Tolerance = 1e-6;

    public bool IsRecoveredExactly => Upper - Lower < Tolerance;

    /// <summary>True when the publication leaves open all the cell's protection asks for (secondary cells ask nothing).</summary>
    public bool IsProtected =>
        Required is null
        || ((Required.Value is not { } value || (Lower <= value.Lower + Tolerance && Upper >= value.Upper - Tolerance))
            && Required.Groups.All(g => LargestRestOfGroup[g.GroupTotal] >= g.AtLeast - Tolerance));
}

/// <summary>The audit of a publication: every suppressed or sensitive figure and whether it is protected.</summary>
public sealed record AuditReport(IReadOnlyList<AuditedCell> Cells)
{
    public IReadOnlyList<AuditedCell> Failures => [.. Cells.Where(c => !c.IsProtected)];

    public bool Passed => Cells.All(c => c.IsProtected);

    public AuditedCell this[CellKey key] => Cells.Single(c => c.Key == key);
}
