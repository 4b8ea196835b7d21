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
/// is audited. A caller sees the subject under the handle the decision gives.
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
        string subjectKey, string? purpose, string? fields, HttpContext context,
        SubjectRecordReader reader, PolicySnapshotCache policy, IAuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
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

        var requested = fields?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var records = await reader.LatestBySubjectAsync(subjectKey, cancellationToken);
        var pdp = await policy.GetDecisionPointAsync(cancellationToken);

        var response = new JsonObject();
        var handle = "";
        var anyReleased = false;
        foreach (var record in records.Where(r => r.Kind is "graduate" or "certification" or "placement"))
        {
            var certificationType = record.Kind == "certification" && record.Record.TryGetProperty("certificationType", out var type) ? type.GetString() : null;
            var decision = pdp.Decide(new AccessRequest(caller, declared, subjectKey, FieldsFor(record.Kind, requested), now)
            {
                ProviderOrganisation = record.SourceOrganisation,
                CertificationType = certificationType,
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

        var certifications = records.Where(r => r.Kind == "certification")
            .Select(r => (CertificationRecord)RecordJson.Deserialize(RecordKind.Certification, JsonSerializer.SerializeToUtf8Bytes(r.Record)))
            .ToList();
        if (certifications.Count > 0 && (requested is null || requested.Any(f => f.StartsWith("derived/", StringComparison.Ordinal))))
        {
            var decision = pdp.Decide(new AccessRequest(caller, declared, subjectKey, FieldsFor("derived", requested), now));
            handle = decision.SubjectHandle;
            await AuditAsync(audit, now, caller, declared, action, decision, cancellationToken);
            if (!decision.IsDenied)
            {
                anyReleased = true;
                var derived = new JsonObject { ["eligibility"] = EligibilityAttribute.From(certifications, DateOnly.FromDateTime(now.UtcDateTime)).ToDocument() };
                response["derived"] = FieldMask.Apply(derived, decision.AllowedFields, "derived");
            }
        }

        if (records.Count == 0)
            return TypedResults.NotFound();
        if (!anyReleased)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Nothing may be released",
                detail: "No agreement and consent in force allow this caller to see this subject for this purpose.",
                type: "https://graduate-exchange.org/problems/denied");
        response["subject"] = handle;
        return Results.Json(response);
    }

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
