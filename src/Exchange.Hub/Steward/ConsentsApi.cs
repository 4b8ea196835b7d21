using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Steward;

/// <summary>A stored consent as stewards see it: the subject by linkage key only.</summary>
public sealed record ConsentResponse(
    string SubjectKey, GranteeDto Grantee, IReadOnlyList<string> Purposes, IReadOnlyList<string> Categories,
    DateOnly ValidFrom, DateOnly ValidThrough, string Status, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt,
    string EvidenceMethod, string EvidenceReference, string SourceOrganisation, string SourceRecordId);

/// <summary>The outcome of recording a consent.</summary>
public sealed record ConsentWriteResponse(string Outcome, string SourceOrganisation, string SourceRecordId, bool WithdrawalRecorded);

/// <summary>
/// A change that subscribers must act on, e.g. forget what they received under a withdrawn
/// consent. It names the one consent it concerns (its sender and record id): a withdrawal binds
/// only that consent, and data released under another consent still in force stays lawful.
/// </summary>
public sealed record ConsentChangeResponse(long Sequence, string SubjectKey, GranteeDto Grantee, string Kind, DateTimeOffset At,
    string ConsentSourceOrganisation, string ConsentRecordId);

/// <summary>
/// Consents, recorded by stewards (or by a university for its graduates, through the same
/// record) as canonical <c>consent</c> records or FHIR R4 <c>Consent</c> resources. The resident
/// id is pseudonymised here, at the door; nothing after this sees it.
/// </summary>
internal static class ConsentsApi
{
    private const string FhirJson = "application/fhir+json";

    public static RouteGroupBuilder MapConsents(this RouteGroupBuilder steward)
    {
        var group = steward.MapGroup("/consents").WithTags("Consents");
        group.MapPost("/", RecordAsync).Accepts<JsonElement>("application/json", FhirJson)
            .WithSummary("Record a consent: a canonical consent record, or a FHIR R4 Consent (application/fhir+json)");
        group.MapGet("/", ListAsync).WithSummary("A subject's consents by linkage key; format=fhir exports FHIR R4 Consent resources");
        group.MapPost("/{sourceOrganisation}/{sourceRecordId}/withdraw", WithdrawAsync)
            .WithSummary("Withdraw a consent from now on; every later read is judged without it");
        group.MapGet("/changes", ChangesAsync).WithSummary("Consent changes after a sequence number, e.g. withdrawals that subscribers must act on");
        return steward;
    }

    private static async Task<IResult> RecordAsync(
        HttpContext context, RecordValidator validator, LinkageKeys keys, ConsentStore store, PolicySnapshotCache policy, WritePolicy writePolicy, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);

        ConsentGrant? grant;
        IReadOnlyList<Problem> problems;
        if (context.Request.ContentType?.StartsWith(FhirJson, StringComparison.OrdinalIgnoreCase) == true)
        {
            var mapped = FhirConsentMapper.Parse(System.Text.Encoding.UTF8.GetString(buffer.ToArray()), caller.Organisation, keys.KeyFor);
            (grant, problems) = (mapped.Grant, mapped.Problems);
        }
        else
        {
            var validation = validator.Validate(RecordKind.Consent, buffer.ToArray());
            if (!validation.IsValid)
                return Rejected(validation.Problems);
            var record = (ConsentRecord)validation.Record!;
            var subjectKey = keys.KeyFor(record.ResidentId!)!;
            var fromRecord = ConsentGrant.FromRecord((ConsentRecord)record.WithoutClearIdentifiers(), subjectKey, caller.Organisation);
            (grant, problems) = (fromRecord.Grant, fromRecord.Problems);
        }

        if (grant is null)
            return Rejected(problems);
        if (await writePolicy.CheckConsentAsync(caller, grant, cancellationToken) is { } notAllowed)
            return Rejected([notAllowed]);
        var result = await store.UpsertAsync(grant, cancellationToken);
        if (result.Status == ConsentUpsertStatus.Rejected)
            return Rejected(result.Problems);
        policy.Invalidate();
        var response = new ConsentWriteResponse(result.Status.ToString().ToLowerInvariant(), grant.SourceOrganisation, grant.SourceRecordId, result.WithdrawalRecorded);
        return result.Status == ConsentUpsertStatus.Inserted
            ? TypedResults.Created($"/v1/steward/consents?subject={grant.SubjectKey}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<IResult> ListAsync(string subject, string? format, ConsentStore store, CancellationToken cancellationToken)
    {
        var grants = await store.ListBySubjectAsync(subject, cancellationToken);
        if (string.Equals(format, "fhir", StringComparison.Ordinal))
            return Results.Text("[" + string.Join(",", grants.Select(g => g.ToFhirJson())) + "]", FhirJson);
        return TypedResults.Ok(grants.Select(ToResponse).ToList());
    }

    private static async Task<Results<Ok<ConsentWriteResponse>, NotFound>> WithdrawAsync(
        string sourceOrganisation, string sourceRecordId, ConsentStore store, PolicySnapshotCache policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        var status = await store.WithdrawAsync(sourceOrganisation, sourceRecordId, clock.GetUtcNow(), cancellationToken);
        if (status == ConsentWithdrawStatus.NotFound)
            return TypedResults.NotFound();
        policy.Invalidate();
        return TypedResults.Ok(new ConsentWriteResponse(
            status == ConsentWithdrawStatus.Withdrawn ? "withdrawn" : "already-withdrawn", sourceOrganisation, sourceRecordId,
            status == ConsentWithdrawStatus.Withdrawn));
    }

    private static async Task<Ok<List<ConsentChangeResponse>>> ChangesAsync(long? after, int? limit, ConsentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListChangesAsync(after ?? 0, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken))
            .Select(c => new ConsentChangeResponse(c.Sequence, c.SubjectKey, new GranteeDto(c.Grantee.Organisation, c.Grantee.Role?.Name()), c.Kind, c.At,
                c.SourceOrganisation, c.SourceRecordId))
            .ToList());

    private static ConsentResponse ToResponse(ConsentGrant grant) => new(
        grant.SubjectKey,
        new GranteeDto(grant.Grantee.Organisation, grant.Grantee.Role?.Name()),
        grant.Purposes.Select(p => p.Name()).Order(StringComparer.Ordinal).ToList(),
        grant.Categories.Select(c => c.Name()).Order(StringComparer.Ordinal).ToList(),
        grant.ValidFrom, grant.ValidThrough,
        grant.Status == ConsentStatus.Active ? "active" : "withdrawn",
        grant.GivenAt, grant.WithdrawnAt, grant.Evidence.Method, grant.Evidence.Reference, grant.SourceOrganisation, grant.SourceRecordId);

    /// <summary>422 with the problems, each with its pointer, code and both messages.</summary>
    private static IResult Rejected(IReadOnlyList<Problem> problems) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "The consent was not recorded",
        type: ProblemTypes.For("invalid-record"),
        extensions: new Dictionary<string, object?> { ["problems"] = ResidentIdScrubber.Scrub(problems) });
}
