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
/// removed outright), the problems as JSON in the <see cref="DeadLetter.Reason"/> header, and a
/// key and headers that never carry an id either. A record that cannot be parsed travels without
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

    public static LogMessage For(RecordKind kind, string sourceOrganisation, IngestRecord record, string? recordId, IReadOnlyList<Problem> problems)
    {
        var key = ResidentIdScrubber.Scrub(recordId);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventHeaders.Type] = CloudEventHeaders.TypeFor(kind),
            [CloudEventHeaders.Source] = CloudEventHeaders.SourceFor(sourceOrganisation),
            [CloudEventHeaders.SpecVersionHeader] = CloudEventHeaders.SpecVersion,
            [CloudEventHeaders.ContentType] = CloudEventHeaders.JsonContentType,
            [OriginHeader] = ResidentIdScrubber.Scrub(record.Origin),
        };
        if (key is not null)
            headers[CloudEventHeaders.SourceRecordId] = key;

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
