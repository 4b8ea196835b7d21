using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Encodings.Web;
using Exchange.Core.Identifiers;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Log;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// Builds the dead letter of a rejected record: the record as JSON with every resident id
/// scrubbed (values, numbers and property names; <c>residentId</c> and <c>certificateNumber</c>
/// removed outright), the problems as JSON in the <see cref="DeadLetter.Reason"/> header, and the
/// CloudEvents headers of every other topic (its own <c>ce_id</c> and <c>ce_time</c>), keyed by the
/// subject's linkage key where the resident id parses — key and headers never carry an id. A record that cannot be parsed travels without
/// a value: its bytes might hold an id we cannot find to remove.
/// </summary>
internal static class RejectedRecordLetter
{
    /// <summary>The header naming where in the source the record came from.</summary>
    public const string OriginHeader = "ingest_origin";

    private static readonly JsonSerializerOptions s_problemOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Readable Chinese, so that anyone checking the header text sees what is there.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The dead letter of one rejected record.</summary>
    /// <param name="kind">The kind the record was sent as.</param>
    /// <param name="sourceOrganisation">The sender's credit code.</param>
    /// <param name="record">The record's bytes and origin.</param>
    /// <param name="recordId">Its record id when one could be read (scrubbed here).</param>
    /// <param name="problems">Why it was rejected.</param>
    /// <param name="subjectKey">The subject's linkage key, when the record's resident id parses: the letter's key and <c>ce_subject</c>.</param>
    /// <param name="time">When the record was rejected: <c>ce_time</c>, and the time in the letter's own <c>ce_id</c>.</param>
    public static LogMessage For(RecordKind kind, string sourceOrganisation, IngestRecord record, string? recordId, IReadOnlyList<Problem> problems,
        string? subjectKey, DateTimeOffset time)
    {
        var scrubbedId = ResidentIdScrubber.Scrub(recordId);
        // Keyed like the record would have been: by its subject, else by source and record id.
        var key = subjectKey ?? (scrubbedId is null ? null : $"{sourceOrganisation}/{scrubbedId}");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventHeaders.Id] = Guid.CreateVersion7(time).ToString("D"),
            [CloudEventHeaders.Time] = CloudEventHeaders.FormatTime(time),
            [CloudEventHeaders.Type] = CloudEventHeaders.TypeFor(kind),
            [CloudEventHeaders.Source] = CloudEventHeaders.SourceFor(sourceOrganisation),
            [CloudEventHeaders.SpecVersionHeader] = CloudEventHeaders.SpecVersion,
            [CloudEventHeaders.ContentType] = CloudEventHeaders.JsonContentType,
            [OriginHeader] = ResidentIdScrubber.Scrub(record.Origin),
        };
        if (scrubbedId is not null)
            headers[CloudEventHeaders.SourceRecordId] = scrubbedId;
        if (subjectKey is not null)
            headers[CloudEventHeaders.Subject] = subjectKey;

        var message = new LogMessage(key, headers, Redact(record.Utf8Json.Span));
        return DeadLetter.For(message, JsonSerializer.Serialize(ResidentIdScrubber.Scrub(problems), s_problemOptions));
    }

    /// <summary>The record with <c>residentId</c> and <c>certificateNumber</c> removed and every other resident id scrubbed; empty when it does not parse.</summary>
    internal static byte[] Redact(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > RecordJson.MaxRecordBytes || ResidentIdScrubber.ScrubJson(utf8, RecordJson.MaxDepth) is not { } scrubbed)
            return [];
        if (JsonNode.Parse(scrubbed) is not JsonObject root)
            return [];
        root.Remove("residentId");
        root.Remove("certificateNumber");
        return JsonSerializer.SerializeToUtf8Bytes(root, s_problemOptions);
    }
}
