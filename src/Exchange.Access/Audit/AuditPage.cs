namespace Exchange.Access.Audit;

/// <summary>One page of audit entries in sequence order.</summary>
/// <param name="Entries">The entries on this page.</param>
/// <param name="NextAfter">Pass as <c>afterSequence</c> for the next page; null when this was the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfter);
