using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Hub.Authentication;
using Exchange.Index.Queries;

namespace Exchange.Hub.Subjects;

/// <summary>
/// Subject fetch: what the caller may see of one subject, for a declared purpose. Every record
/// goes through the policy decision point and is masked before serialisation; every decision
/// is audited. A caller sees the subject under the handle the decision gives. A subject the
/// caller may see nothing of and a subject that does not exist get the same answer, and both are
/// audited, so the answer never tells which keys exist.
/// </summary>
internal static class SubjectsApi
{
    public static IEndpointRouteBuilder MapSubjectApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/subjects/{subjectKey}", FetchAsync)
            .RequireAuthorization(AccessPolicies.IndexReader)
            .WithTags("Subjects")
            .WithSummary("What the caller may see of one subject for a declared purpose; fields=graduate/name,... narrows the request");
        return endpoints;
    }

    private static async Task<IResult> FetchAsync(
        string subjectKey, string? purpose, string? fields, HttpContext context, SubjectRecordReader reader, PolicySnapshotCache policy,
        SubjectHandles handles, IAuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var now = clock.GetUtcNow();
        var action = AuditedRequest.Action(context);
        if (!DataCategories.TryParsePurpose(purpose, out var declared))
        {
            await audit.AppendAsync(new AuditRecord(now, caller.ClientId, caller.Organisation, "", "", action, [], "deny", PolicyRules.PurposeMissing), cancellationToken);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Purpose required",
                detail: "Declare the purpose of the read: purpose=matching, service-delivery, statistics or research.",
                type: "https://graduate-exchange.org/problems/purpose-required");
        }

        var records = await reader.LatestBySubjectAsync(subjectKey, cancellationToken);
        if (records.Count == 0)
        {
            await audit.AppendAsync(new AuditRecord(now, caller.ClientId, caller.Organisation, declared.Name(),
                handles.Candidate(caller.Organisation, subjectKey), action, [], "deny", PolicyRules.SubjectUnknown), cancellationToken);
            return NotAvailable();
        }

        var requested = fields?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var pdp = await policy.GetDecisionPointAsync(cancellationToken);
        var response = new JsonObject();
        var handle = "";
        var anyReleased = false;
        foreach (var record in records.Where(r => r.Kind is "graduate" or "certification" or "placement"))
        {
            var decision = pdp.Decide(new AccessRequest(caller, declared, subjectKey, FieldsFor(record.Kind, requested), now)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = record.Kind == "certification" && record.Record.TryGetProperty("certificationType", out var type) ? type.GetString() : null,
            });
            handle = decision.SubjectHandle;
            await AuditAsync(audit, now, caller, declared, action, decision, cancellationToken);
            if (decision.IsDenied)
                continue;
            anyReleased = true;
            var masked = FieldMask.Apply(JsonNode.Parse(record.Record.GetRawText())!.AsObject(), decision.AllowedFields, record.Kind);
            if (record.Kind == "graduate")
                response["graduate"] = masked;
            else
                ((response[record.Kind + "s"] ??= new JsonArray()).AsArray()).Add(masked);
        }

        if (records.Any(r => r.Kind == "certification") && (requested is null || requested.Any(f => f.StartsWith("derived/", StringComparison.Ordinal))))
        {
            var derived = DecideEligibility(pdp, caller, declared, subjectKey, records, FieldsFor("derived", requested), now);
            handle = derived.Decision.SubjectHandle;
            await AuditAsync(audit, now, caller, declared, action, derived.Decision, cancellationToken);
            if (!derived.Decision.IsDenied)
            {
                anyReleased = true;
                var attribute = EligibilityAttribute.From(derived.Certifications, DateOnly.FromDateTime(now.UtcDateTime));
                response["derived"] = FieldMask.Apply(attribute.ToDocument(), derived.Decision.AllowedFields, "derived");
            }
        }

        if (!anyReleased)
            return NotAvailable();
        response["subject"] = handle;
        return Results.Json(response);
    }

    /// <summary>
    /// The derived eligibility rests on certifications, and whose data it is depends on the
    /// agreement: one naming the graduate's institution as provider shares that institution's
    /// graduates' eligibility, drawn from every certification of the subject; one naming a
    /// certifying bureau shares only what that bureau certified; one naming no provider covers
    /// all. The first permit among those providers decides; with none, the last denial is audited.
    /// </summary>
    private static (AccessDecision Decision, IReadOnlyList<CertificationRecord> Certifications) DecideEligibility(
        IPolicyDecisionPoint pdp, ClientIdentity caller, Purpose purpose, string subjectKey, IReadOnlyList<SubjectRecord> records,
        HashSet<string> fields, DateTimeOffset now)
    {
        var certifications = records.Where(r => r.Kind == "certification")
            .Select(r => (r.SourceOrganisation, Record: (CertificationRecord)RecordJson.Deserialize(RecordKind.Certification, JsonSerializer.SerializeToUtf8Bytes(r.Record))))
            .ToList();
        var institutions = records.Where(r => r.Kind == "graduate").Select(r => r.SourceOrganisation).Distinct(StringComparer.Ordinal);
        AccessDecision? denied = null;
        foreach (var institution in institutions)
        {
            var decision = pdp.Decide(new AccessRequest(caller, purpose, subjectKey, fields, now) { ProviderOrganisation = institution });
            if (!decision.IsDenied)
                return (decision, certifications.Select(c => c.Record).ToList());
            denied = decision;
        }

        AccessDecision? permitted = null;
        var released = new List<CertificationRecord>();
        foreach (var bureau in certifications.Select(c => c.SourceOrganisation).Distinct(StringComparer.Ordinal))
        {
            var decision = pdp.Decide(new AccessRequest(caller, purpose, subjectKey, fields, now) { ProviderOrganisation = bureau });
            if (decision.IsDenied)
            {
                denied = decision;
                continue;
            }
            permitted ??= decision;
            released.AddRange(certifications.Where(c => c.SourceOrganisation == bureau).Select(c => c.Record));
        }
        return (permitted ?? denied!, released);
    }

    // One answer for "no such subject" and "nothing may be released": the same status, title and detail.
    private static IResult NotAvailable() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not available",
        detail: "No subject with this key is available to this caller for this purpose.",
        type: "https://graduate-exchange.org/problems/not-available");

    private static HashSet<string> FieldsFor(string kind, HashSet<string>? requested)
    {
        var prefix = kind + "/";
        var catalogue = FieldCatalogue.Releasable.Where(f => f.StartsWith(prefix, StringComparison.Ordinal));
        return (requested is null ? catalogue : requested.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static Task<long> AuditAsync(IAuditLog audit, DateTimeOffset at, ClientIdentity caller, Purpose purpose, string action, AccessDecision decision, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(at, caller.ClientId, caller.Organisation, purpose.Name(), decision.SubjectHandle, action,
            decision.AllowedFields.Order(StringComparer.Ordinal).ToList(), decision.IsDenied ? "deny" : "permit", decision.Rule), cancellationToken);
}
