using System.Text.Json;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;

namespace Exchange.Access.Enforcement;

/// <summary>
/// A subject reading what the hub holds about them: their right to know and to access and copy
/// (PIPL arts. 44–45). No agreement or consent stands between a person and their own data, so
/// nothing is decided away or masked; every read is still audited as the release service audits a
/// read — one entry per record with the fields shown, under the rule <see cref="Rule"/>, the
/// subject by its identified handle, and the university client that vouched for the person as the caller.
/// </summary>
public sealed class SubjectOwnAccess(IAuditLog audit, SubjectHandles handles, ReleaseTelemetry telemetry)
{
    /// <summary>The rule audited for a subject's read of their own records.</summary>
    public const string Rule = "subject.own-access";

    /// <summary>
    /// Audits the subject's read of <paramref name="records"/> (all the hub holds of them) and hands them back whole.
    /// None is audited as the release service audits an unknown subject.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseCandidate>> ReleaseAsync(ClientIdentity vouchedBy, string subjectKey, IReadOnlyList<ReleaseCandidate> records,
        string action, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vouchedBy);
        ArgumentNullException.ThrowIfNull(records);
        var handle = handles.Identified(subjectKey);
        if (records.Count == 0)
        {
            telemetry.Decided("deny", PolicyRules.SubjectUnknown);
            await audit.AppendAsync(new AuditRecord(at, vouchedBy.ClientId, vouchedBy.Organisation, "", handle, action, [], "deny", PolicyRules.SubjectUnknown),
                cancellationToken);
            return records;
        }
        await audit.AppendManyAsync([.. records.Select(r => new AuditRecord(at, vouchedBy.ClientId, vouchedBy.Organisation, "", handle, action,
            FieldsOf(r), "permit", Rule))], cancellationToken);
        foreach (var _ in records)
            telemetry.Decided("permit", Rule);
        return records;
    }

    private static List<string> FieldsOf(ReleaseCandidate record) =>
        record.Record.ValueKind == JsonValueKind.Object
            ? [.. record.Record.EnumerateObject().Select(p => $"{record.Kind}/{p.Name}").Order(StringComparer.Ordinal)]
            : [];
}
