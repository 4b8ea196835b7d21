namespace Exchange.Reporting.Disclosure;

/// <summary>
/// A sensitive figure whose protection could not be met in full because figures published
/// earlier pin it; <see cref="Achieved"/> is what the publication does guarantee, and what the audit checks.
/// </summary>
public sealed record ProtectionShortfall(CellKey Key, CellProtection Wanted, CellProtection Achieved);

/// <summary>
/// The protected tables, in the order given, with the engine's own audit of them together with the
/// tables published before.
/// </summary>
public sealed record ProtectionResult(
    IReadOnlyList<ProtectedTable> Tables,
    IReadOnlyList<ProtectionShortfall> Shortfalls,
    AuditReport Audit,
    ProtectionStatistics Statistics);

/// <summary>
/// Figures counted once however many of the tables show them; the time spent choosing
/// suppressions, and auditing them (with any repairs).
/// </summary>
public sealed record ProtectionStatistics(int Figures, int Primary, int Secondary, int LinearPrograms, TimeSpan Selecting, TimeSpan Auditing)
{
    public TimeSpan Elapsed => Selecting + Auditing;
}
