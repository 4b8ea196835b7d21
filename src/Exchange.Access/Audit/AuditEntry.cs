namespace Exchange.Access.Audit;

/// <summary>One stored audit entry: the record plus its place in the hash chain.</summary>
/// <param name="Sequence">Position in the chain, 1, 2, 3… without gaps.</param>
/// <param name="Record">The decision as recorded; <see cref="AuditRecord.At"/> is in UTC, to the microsecond.</param>
/// <param name="PreviousHash">The predecessor's hash; <see cref="AuditHash.Genesis"/> for the first entry.</param>
/// <param name="Hash">This entry's hash, see <see cref="AuditHash.Compute"/>.</param>
public sealed record AuditEntry(long Sequence, AuditRecord Record, string PreviousHash, string Hash);
