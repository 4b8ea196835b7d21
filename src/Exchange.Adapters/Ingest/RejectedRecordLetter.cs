using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Log;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// Builds the dead letter of a rejected record: the record without any clear resident id as the
/// value, the problems as JSON in the <see cref="DeadLetter.Reason"/> header. A record that cannot be
/// parsed travels without a value: its bytes might hold an id we cannot find to remove.
/// </summary>
internal static partial class RejectedRecordLetter
{
    /// <summary>The header naming where in the source the record came from.</summary>
    public const string OriginHeader = "ingest_origin";

    private static readonly JsonSerializerOptions s_problemOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static LogMessage For(RecordKind kind, string sourceOrganisation, IngestRecord record, string? recordId, IReadOnlyList<Problem> problems)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventHeaders.Type] = CloudEventHeaders.TypeFor(kind),
            [CloudEventHeaders.Source] = CloudEventHeaders.SourceFor(sourceOrganisation),
            [CloudEventHeaders.SpecVersionHeader] = CloudEventHeaders.SpecVersion,
            [CloudEventHeaders.ContentType] = CloudEventHeaders.JsonContentType,
            [OriginHeader] = record.Origin,
        };
        if (recordId is not null)
            headers[CloudEventHeaders.SourceRecordId] = recordId;

        var message = new LogMessage(recordId, headers, Redact(record.Utf8Json.Span));
        return DeadLetter.For(message, JsonSerializer.Serialize(problems, s_problemOptions));
    }

    /// <summary>The record with <c>residentId</c>, <c>certificateNumber</c> and anything shaped like a resident id removed; empty when it does not parse.</summary>
    internal static byte[] Redact(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > RecordJson.MaxRecordBytes)
            return [];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = RecordJson.MaxDepth });
        }
        catch (JsonException)
        {
            return [];
        }
        if (node is not JsonObject root)
            return [];

        root.Remove("residentId");
        root.Remove("certificateNumber");
        Scrub(root);
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    // A resident id sent under a wrong name (a typo, an extra column) must not slip through either.
    private static void Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsIdLike(obj[name]))
                        obj[name] = "[removed]";
                    else
                        Scrub(obj[name]);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsIdLike(array[i]))
                        array[i] = "[removed]";
                    else
                        Scrub(array[i]);
                }
                break;
        }
    }

    private static bool IsIdLike(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && IdLike().IsMatch(text);

    [GeneratedRegex(@"[0-9]{15}|[0-9]{17}[0-9Xx]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IdLike();
}
