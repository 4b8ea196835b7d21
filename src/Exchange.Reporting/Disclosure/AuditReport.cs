namespace Exchange.Reporting.Disclosure;

/// <summary>
/// What the attacker can learn about one suppressed figure: the smallest and largest value it can
/// take given everything published, additivity and non-negativity.
/// </summary>
public sealed record AuditedCell(CellKey Key, CellStatus Status, double Lower, double Upper, ProtectionInterval? Required)
{
    /// <summary>
    /// Slack for the solver's floating point. Counts are whole numbers, so an interval that misses a
    /// bound by less than this misses it by nothing.
    /// </summary>
    public const double Tolerance = 1e-6;

    public bool IsRecoveredExactly => Upper - Lower < Tolerance;

    /// <summary>True when the feasible interval covers the protection interval (secondary cells have none to cover).</summary>
    public bool IsProtected => Required is not { } required
        || (Lower <= required.Lower + Tolerance && Upper >= required.Upper - Tolerance);
}

/// <summary>The audit of a publication: every suppressed figure and whether its interval is wide enough.</summary>
public sealed record AuditReport(IReadOnlyList<AuditedCell> Cells)
{
    public IReadOnlyList<AuditedCell> Failures => [.. Cells.Where(c => !c.IsProtected)];

    public bool Passed => Cells.All(c => c.IsProtected);

    public AuditedCell this[CellKey key] => Cells.Single(c => c.Key == key);
}
