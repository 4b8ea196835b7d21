using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Adapters.Ingest;
using Exchange.Core.Batches;
using Exchange.Core.Identifiers;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Steward;

/// <summary>A stored consent as stewards see it: the subject by linkage key only.</summary>
public sealed record ConsentResponse(
    string SubjectKey, GranteeDto Grantee, IReadOnlyList<string> Purposes, IReadOnlyList<string> Categories,
    DateOnly ValidFrom, DateOnly ValidThrough, string Status, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt,
    string EvidenceMethod, string EvidenceReference, string SourceOrganisation, string SourceRecordId);

/// <summary>One version of a consent: its number (1 for the first), what it did (<c>received</c>, <c>revised</c>, <c>withdrawn</c>), when, and the consent as it said.</summary>
public sealed record ConsentVersionResponse(int Version, string Change, DateTimeOffset RecordedAt, ConsentResponse Consent);

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
            .Produces<ConsentWriteResponse>(StatusCodes.Status201Created).Produces<ConsentWriteResponse>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Record a consent: a canonical consent record, or a FHIR R4 Consent (application/fhir+json)");
        group.MapGet("/", ListAsync).Produces<List<ConsentResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A subject's consents by linkage key, or by a handle read in the audit; format=fhir exports FHIR R4 Consent resources");
        group.MapPost("/{sourceOrganisation}/{sourceRecordId}/withdraw", WithdrawAsync)
            .Produces<ConsentWriteResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Withdraw a consent from now on; every later read is judged without it");
        group.MapGet("/{sourceOrganisation}/{sourceRecordId}/history", HistoryAsync)
            .Produces<List<ConsentVersionResponse>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every version of a consent the store took in, newest first");
        group.MapGet("/changes", ChangesAsync).WithSummary("Consent changes after a sequence number, e.g. withdrawals that subscribers must act on");
        return steward;
    }

    private static async Task<IResult> RecordAsync(HttpContext context, ConsentIntake consents, ConsentStore store, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();

        IReadOnlyList<IngestRecord> records;
        if (context.Request.ContentType?.StartsWith(FhirJson, StringComparison.OrdinalIgnoreCase) == true)
        {
            var (fromFhir, bodyProblem) = ConsentIntake.FromFhir(body, caller.Organisation);
            if (bodyProblem is not null)
                return Rejected([bodyProblem]);
            records = fromFhir;
        }
        else
        {
            records = [new IngestRecord("body", body)];
        }
        if (records.Count != 1)
            return Rejected([new Problem("", "consent.one-per-request", "Record one consent per request here; push several through POST /v1/records/consent.",
                "此处每次只能记录一项授权；多项授权请通过 POST /v1/records/consent 提交。")]);

        var recordId = RecordIdPeek.Peek(records[0].Utf8Json.Span);
        var before = recordId is null ? null : await store.FindAsync(caller.Organisation, recordId, cancellationToken);
        var (result, inForce) = await consents.RecordAsync(records, caller, envelopeIds: null, cancellationToken);
        var outcome = result.Outcomes[0];
        if (outcome.Status == IngestStatus.Rejected)
            return Rejected(outcome.Problems);
        if (!inForce)
            return NotYetInForce();

        var stored = await store.FindAsync(caller.Organisation, outcome.RecordId!, cancellationToken);
        var status = outcome.Status == IngestStatus.Duplicate ? "unchanged" : before is null ? "inserted" : "updated";
        var withdrawn = before?.Status == ConsentStatus.Active && stored?.Status == ConsentStatus.Withdrawn;
        var response = new ConsentWriteResponse(status, caller.Organisation, outcome.RecordId!, withdrawn);
        return status == "inserted"
            ? TypedResults.Created($"/v1/steward/consents?subject={outcome.SubjectKey}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<IResult> ListAsync(string subject, string? format, HttpContext context, StewardConsentReads reads, CancellationToken cancellationToken)
    {
        // A format it does not know would otherwise be answered as JSON to a tool that asked for FHIR.
        var fhir = string.Equals(format, "fhir", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !fhir && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return QueryParameterProblems.Invalid(StewardApi.Family, "format", "format is json (the default) or fhir.", "format 应为 json（默认）或 fhir。");
        if (string.IsNullOrWhiteSpace(subject))
        {
            return QueryParameterProblems.Invalid(StewardApi.Family, "subject", "subject is a linkage key or a handle read in the audit.",
                "subject 应为关联键或审计日志中的句柄。");
        }

        if (await reads.SubjectKeyOfAsync(subject, context, cancellationToken) is not { } subjectKey)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown handle",
                detail: "No subject has been released under this handle.", type: ProblemTypes.For("handle-unknown"));
        var grants = await reads.ListBySubjectAsync(subjectKey, context, cancellationToken);
        if (fhir)
            return Results.Text("[" + string.Join(",", grants.Select(g => g.ToFhirJson())) + "]", FhirJson);
        return TypedResults.Ok(grants.Select(ToResponse).ToList());
    }

    private static async Task<IResult> WithdrawAsync(
        string sourceOrganisation, string sourceRecordId, HttpContext context, ConsentIntake consents, ConsentStore store, CancellationToken cancellationToken)
    {
        var stored = await store.FindAsync(sourceOrganisation, sourceRecordId, cancellationToken);
        if (stored is null)
            return TypedResults.NotFound();
        if (stored.Status == ConsentStatus.Withdrawn)
            return TypedResults.Ok(new ConsentWriteResponse("already-withdrawn", sourceOrganisation, sourceRecordId, false));
        if (!await consents.WithdrawAsync(stored, context.RequireClient(), cancellationToken))
            return NotYetInForce();
        return TypedResults.Ok(new ConsentWriteResponse("withdrawn", sourceOrganisation, sourceRecordId, true));
    }

    private static async Task<IResult> HistoryAsync(string sourceOrganisation, string sourceRecordId, HttpContext context, StewardConsentReads reads,
        CancellationToken cancellationToken)
    {
        var versions = await reads.HistoryAsync(sourceOrganisation, sourceRecordId, context, cancellationToken);
        return versions.Count == 0
            ? TypedResults.NotFound()
            : TypedResults.Ok(versions.Select(v => new ConsentVersionResponse(v.Number, v.Change, v.RecordedAt, v.Consent.ToResponse())).ToList());
    }

    // The consent is in the log and will apply; the steward sees it in force on a retry.
    private static IResult NotYetInForce() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Recorded, not yet in force", detail: "The consent was appended to the log but is not yet applied; retry shortly.",
        type: ProblemTypes.For("consent-pending"));

    private static async Task<Results<Ok<List<ConsentChangeResponse>>, ValidationProblem>> ChangesAsync(long? after, int? limit, HttpContext context,
        StewardConsentReads reads, CancellationToken cancellationToken)
    {
        // Refused, not narrowed: a subscriber that asked for 5,000 and got 1,000 would take the short page for the end of the changes.
        if (limit is < 1 or > MaxChangesLimit)
            return StewardApi.LimitOutOfRange(MaxChangesLimit);
        return TypedResults.Ok((await reads.ChangesAsync(after ?? 0, limit ?? 100, context, cancellationToken))
            .Select(c => new ConsentChangeResponse(c.Sequence, c.SubjectKey, new GranteeDto(c.Grantee.Organisation, c.Grantee.Role?.Name()), c.Kind, c.At,
                c.SourceOrganisation, c.SourceRecordId))
            .ToList());
    }

    private const int MaxChangesLimit = 1000;

    internal static ConsentResponse ToResponse(this ConsentGrant grant) => new(
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
