namespace Exchange.Access.Audit;

/// <summary>What a steward looks for in the audit log; null fields do not filter.</summary>
/// <param name="SubjectHandle">Entries about this subject handle.</param>
/// <param name="Caller">Entries whose caller client id or caller organisation equals this.</param>
/// <param name="From">Entries at or after this instant.</param>
/// <param name="Until">Entries before this instant (exclusive, so consecutive ranges do not overlap).</param>
public sealed record AuditQueryFilter(
    string? SubjectHandle = null,
    string? Caller = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null);
