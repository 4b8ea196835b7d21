namespace Exchange.Reporting.Disclosure;

/// <summary>
/// The range an attacker must not be able to narrow a sensitive cell within: from everything
/// published, both <see cref="Lower"/> and <see cref="Upper"/> must remain possible values.
/// </summary>
public readonly record struct ProtectionInterval(long Lower, long Upper)
{
    /// <summary>The union of two requirements, for a cell that more than one rule or table makes sensitive.</summary>
    public ProtectionInterval Widen(ProtectionInterval other) => new(Math.Min(Lower, other.Lower), Math.Max(Upper, other.Upper));

    public override string ToString() => $"[{Lower}, {Upper}]";
}
