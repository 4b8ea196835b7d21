namespace Exchange.Access.Audit;

/// <summary>The outcome of verifying the audit chain.</summary>
/// <param name="Count">Entries checked and found intact before verification stopped (all of them when valid).</param>
/// <param name="Head">The head as stored in <c>audit_head</c>.</param>
/// <param name="FirstBadSequence">The first bad entry's sequence number; null when valid.</param>
/// <param name="Fault">Why that entry is bad; null when valid.</param>
/// <param name="Detail">A sentence for the operator; never contains record contents.</param>
public sealed record AuditVerification(long Count, AuditHead Head, long? FirstBadSequence, AuditFault? Fault, string? Detail)
{
    /// <summary>True when the chain is intact and ends at the head.</summary>
    public bool IsValid => Fault is null;

    /// <summary>The fault as the CLI prints it: <c>changed</c>, <c>deleted</c>, <c>reordered</c>, <c>tail-deleted</c>, <c>head-mismatch</c>, <c>anchor-mismatch</c>.</summary>
    public string? Reason => Fault switch
    {
        null => null,
        AuditFault.Changed => "changed",
        AuditFault.Deleted => "deleted",
        AuditFault.Reordered => "reordered",
        AuditFault.TailDeleted => "tail-deleted",
        AuditFault.HeadMismatch => "head-mismatch",
        AuditFault.AnchorMismatch => "anchor-mismatch",
        _ => throw new InvalidOperationException($"Unknown fault {Fault}."),
    };

    internal static AuditVerification Ok(long count, AuditHead head) => new(count, head, null, null, null);

    internal static AuditVerification Bad(long count, AuditHead head, long sequence, AuditFault fault, string detail) =>
        new(count, head, sequence, fault, detail);
}
