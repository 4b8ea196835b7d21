namespace Exchange.Access.Audit;

/// <summary>What a steward looks for in the audit log; null fields do not filter.</summary>
/// <param name="SubjectHandle">Entries about this subject handle.</param>
/// <param name="Caller">Entries whose caller client id or caller organisation equals this.</param>
/// <param name="From">Entries at or after this instant.</param>
/// <param name="Until">Entries before this instant (exclusive, so consecutive ranges do not overlap).</param>
/// <param name="Decision">Entries with this outcome: <c>permit</c> or <c>deny</c> (<see cref="Decisions"/>).</param>
/// <param name="Action">Entries whose action (method and route template) starts with this text, taken literally.</param>
/// <param name="Rule">Entries decided by this rule.</param>
public sealed record AuditQueryFilter(
    string? SubjectHandle = null,
    string? Caller = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null,
    string? Decision = null,
    string? Action = null,
    string? Rule = null)
{
    /// <summary>The outcomes an entry can record.</summary>
    public static IReadOnlyList<string> Decisions { get; } = ["permit", "deny"];
}
