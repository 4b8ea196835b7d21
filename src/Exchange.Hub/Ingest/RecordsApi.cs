using System.Text.Json;
using Exchange.Access.Decisions;
using Exchange.Adapters.Ingest;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ingest;

/// <summary>
/// The push API: <c>POST /v1/records/{kind}</c>. Every record of the body gets its own outcome —
/// accepted, duplicate, or rejected with problem details — and one bad record never rejects the
/// others. An <c>Idempotency-Key</c> makes a retried request return the first answer.
/// </summary>
internal static class RecordsApi
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/records/{kind}", PushAsync)
            .RequireAuthorization(AccessPolicies.RecordsWriter)
            .WithTags("Records")
            // A misspelt profile would otherwise read a CSV under the default mapping.
            .RefuseUnknownQueryParameters("records")
            // Declared for the document only: routing by content type would answer 415 before the
            // handler could say which media types the kind takes.
            .AddOpenApiOperationTransformer(PushRequestReader.DescribeRequestBodyAsync)
            .Produces<PushResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            // An Idempotency-Key already used for another body.
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            // The event log could not store the records (an outage): Retry-After says when to send them again.
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Push records of one kind: a JSON array, NDJSON, CSV (UTF-8, GBK or GB18030; ?profile= names the mapping) or, for certifications and consents, FHIR R4 (a Bundle)");
        return endpoints;
    }

    private static async Task<IResult> PushAsync(
        string kind, string? profile, HttpContext context, PushRequestReader reader, IngestPipeline pipeline, WritePolicy writePolicy,
        IdempotentAnswers answers, ConsentIntake consents, WriteRefusalAudit refusals, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (!RecordKinds.TryParse(kind, out var recordKind))
            return Problem(StatusCodes.Status404NotFound, "Unknown record kind",
                $"'{kind}' is not a record kind; use one of {string.Join(", ", RecordKinds.All.Select(k => k.Name()))}.", "unknown-kind");

        var caller = context.RequireClient();

        // The hub's own limit is the one that counts. The server's stands above it, so that a body
        // sent past the limit is drained and the client reads the 413 rather than a broken pipe.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
            serverLimit.MaxRequestBodySize = 2 * options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > options.Value.MaxBodyBytes)
            return TooLarge(options.Value.MaxBodyBytes);
        var body = await ReadBodyAsync(context.Request, options.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
            return TooLarge(options.Value.MaxBodyBytes);

        var keyHeader = context.Request.Headers["Idempotency-Key"];
        if (keyHeader.Count > 1 || keyHeader.Count == 1 && !IsIdempotencyKey(keyHeader[0]))
            return InvalidIdempotencyKey();
        string? idempotencyKey = keyHeader;
        var requestHash = IdempotentAnswers.HashRequest(context.Request.Method, context.Request.Path, context.Request.ContentType, body);
        IAsyncDisposable? claim = null;
        Func<int, Guid>? envelopeIds = null;
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            if (await EarlierAnswerAsync() is { } answered)
                return answered;
            // One request per key at a time, across instances; the one that waited answers from the first.
            claim = await answers.ClaimAsync(caller.ClientId, idempotencyKey, cancellationToken);
            if (await EarlierAnswerAsync() is { } answeredMeanwhile)
            {
                await claim.DisposeAsync();
                return answeredMeanwhile;
            }
            envelopeIds = IdempotentAnswers.EnvelopeIdsFor(caller.ClientId, idempotencyKey, requestHash);
        }

        await using var held = claim;

        var read = reader.Read(recordKind, caller.Organisation, context.Request.ContentType, profile, body);
        if (read.UnsupportedMediaType)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send application/json, application/x-ndjson or text/csv{(recordKind is RecordKind.Certification or RecordKind.Consent ? ", or application/fhir+json" : "")}.", "unsupported-media-type");
        if (read.Records.Count == 0)
            return NothingToIngest(read.BodyProblem);

        IngestResult result;
        if (recordKind == RecordKind.Consent)
        {
            // Consents answer only once in force, so that a withdrawal binds the very next read.
            var (recorded, inForce) = await consents.RecordAsync(read.Records, caller, envelopeIds, cancellationToken);
            await refusals.AuditAsync(context, caller, Refused(recorded), cancellationToken);
            if (!inForce)
                return NotYetInForce();
            result = recorded;
        }
        else
        {
            var batch = new IngestBatch(recordKind, caller.Organisation, read.Records)
            {
                Authorise = (record, subjectKey, ct) => writePolicy.CheckAsync(caller, record, subjectKey, ct),
                EnvelopeIds = envelopeIds,
            };
            result = await pipeline.IngestAsync(batch, cancellationToken);
            await refusals.AuditAsync(context, caller, Refused(result), cancellationToken);
        }

        var response = new PushResponse(result.Accepted, result.Duplicates, result.Rejected,
            result.Outcomes.Select(o => new PushOutcome(o.Index, o.Origin, o.RecordId, Status(o.Status), o.EnvelopeId,
                o.Status == IngestStatus.Rejected ? RecordProblem.For(o.Problems) : null)).ToList())
        {
            Warnings = read.Warnings,
        };

        return await AnswerAsync(response);

        async Task<IResult?> EarlierAnswerAsync() =>
            await answers.FindAsync(caller.ClientId, idempotencyKey, cancellationToken) is not { } earlier ? null
            : earlier.RequestHash == requestHash ? Results.Text(earlier.Body, "application/json", statusCode: earlier.StatusCode)
            : Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                "This Idempotency-Key was used for a different request; use a new key for a new request.", "idempotency-key-reused");

        async Task<IResult> AnswerAsync(PushResponse answer)
        {
            var scrubbed = answer.WithoutResidentIds();
            // Without a key to store it under, the answer is written straight to the response: no
            // string of it, which for 5,000 outcomes is a megabyte or more on the large object heap.
            if (string.IsNullOrEmpty(idempotencyKey))
                return Results.Json(scrubbed, s_json, "application/json", StatusCodes.Status200OK);
            var json = JsonSerializer.Serialize(scrubbed, s_json);
            await answers.StoreAsync(caller.ClientId, idempotencyKey, new IdempotentAnswer(requestHash, StatusCodes.Status200OK, json), cancellationToken);
            return Results.Text(json, "application/json", statusCode: StatusCodes.Status200OK);
        }
    }

    // The body is held once, in an array of its own size. A declared length is read straight into
    // it; a chunked body is gathered in pooled segments first, so that one sent past the limit
    // costs no large arrays at all — a growing MemoryStream and its ToArray left two or three
    // body-sized arrays on the large object heap for every request.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > limit)
                return null;
            var declared = GC.AllocateUninitializedArray<byte>(checked((int)length));
            await request.Body.ReadExactlyAsync(declared, cancellationToken);
            return declared;
        }

        const int SegmentBytes = 64 * 1024;
        var segments = new List<byte[]>();
        try
        {
            long total = 0;
            while (true)
            {
                var segment = System.Buffers.ArrayPool<byte>.Shared.Rent(SegmentBytes);
                segments.Add(segment);
                var filled = await request.Body.ReadAtLeastAsync(segment.AsMemory(0, SegmentBytes), SegmentBytes, throwOnEndOfStream: false, cancellationToken);
                total += filled;
                if (total > limit)
                    return null;
                if (filled < SegmentBytes)
                    break;
            }
            var body = GC.AllocateUninitializedArray<byte>(checked((int)total));
            for (var i = 0; i < segments.Count; i++)
                segments[i].AsSpan(0, (int)Math.Min(SegmentBytes, total - (long)i * SegmentBytes)).CopyTo(body.AsSpan(i * SegmentBytes));
            return body;
        }
        finally
        {
            foreach (var segment in segments)
                System.Buffers.ArrayPool<byte>.Shared.Return(segment);
        }
    }

    private static IEnumerable<(IReadOnlyList<Problem> Problems, string? SubjectKey)> Refused(IngestResult result) =>
        result.Outcomes.Where(o => o.Status == IngestStatus.Rejected).Select(o => (o.Problems, o.SubjectKey));

    // Not stored under the Idempotency-Key: a retry then answers from the log's duplicates once in force.
    private static IResult NotYetInForce() => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Recorded, not yet in force",
        detail: "The consents were appended to the log but are not yet applied; retry the same request shortly.",
        type: ProblemTypes.For("consent-pending"), extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 });

    private static string Status(IngestStatus status) => status switch
    {
        IngestStatus.Accepted => "accepted",
        IngestStatus.Duplicate => "duplicate",
        _ => "rejected",
    };

    /// <summary>
    /// 1 to 255 visible ASCII characters, given once. A key sent twice would be read as both joined by a
    /// comma, and a retry under either would store the records again; a key is stored with its answer.
    /// </summary>
    private static bool IsIdempotencyKey(string? key) =>
        key is { Length: >= 1 and <= MaxIdempotencyKeyLength } && key.All(c => c is >= '!' and <= '~');

    private const int MaxIdempotencyKeyLength = 255;

    private static IResult InvalidIdempotencyKey() => Problem(StatusCodes.Status400BadRequest, "Idempotency-Key not valid",
        $"Send one Idempotency-Key of 1 to {MaxIdempotencyKeyLength} visible ASCII characters (a UUID, say), or none.", "idempotency-key-invalid");

    private static IResult TooLarge(long limit) => Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"Send at most {limit} bytes per request; split larger batches.", "too-large");

    /// <summary>400 for a body with no record in it, with the reason as a problem in both languages where the reader gave one.</summary>
    private static IResult NothingToIngest(Problem? reason)
    {
        var problem = ResidentIdScrubber.Scrub(reason ?? new Problem("", ProblemCodes.InputEmpty, "The body holds no records.", "请求正文中没有记录。"));
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Nothing to ingest", detail: problem.Message,
            type: ProblemTypes.For(problem.Code), extensions: new Dictionary<string, object?> { ["problems"] = new[] { problem } });
    }

    private static IResult Problem(int status, string title, string detail, string type) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, type: ProblemTypes.For(type));
}
