namespace Exchange.Access.Audit;

/// <summary>
/// One access decision as it is written to the audit log. It names the subject only by the
/// handle the caller saw — never a clear identifier.
/// </summary>
/// <param name="At">When the decision was made (UTC).</param>
/// <param name="CallerClientId">The calling client.</param>
/// <param name="CallerOrganisation">The calling organisation's credit code; empty for an unauthenticated call.</param>
/// <param name="Purpose">The declared purpose, or empty when none was declared.</param>
/// <param name="SubjectHandle">The subject's handle as released, or empty for calls without a subject.</param>
/// <param name="Action">What was attempted, e.g. <c>GET /v1/steward/agreements</c> or <c>token</c>.</param>
/// <param name="FieldsReleased">Fields released; empty on deny.</param>
/// <param name="Decision"><c>permit</c> or <c>deny</c>.</param>
/// <param name="Rule">The rule that decided, e.g. <c>token.expired</c>, <c>agreement.none</c>.</param>
public sealed record AuditRecord(
    DateTimeOffset At,
    string CallerClientId,
    string CallerOrganisation,
    string Purpose,
    string SubjectHandle,
    string Action,
    IReadOnlyList<string> FieldsReleased,
    string Decision,
    string Rule);

/// <summary>The append-only, hash-chained audit log.</summary>
public interface IAuditLog
{
    /// <summary>Appends one record; returns its sequence number.</summary>
    Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Appends several records as consecutive entries, all or none; returns their sequence numbers in order.</summary>
    Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);
}
