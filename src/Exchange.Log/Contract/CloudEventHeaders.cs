using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Exchange.Core.Envelope;
using Exchange.Core.Model;

namespace Exchange.Log;

/// <summary>
/// CloudEvents (Kafka protocol binding, binary mode) for record envelopes: the attributes travel
/// as <c>ce_</c> headers, the canonical JSON record is the value, and the subject's linkage key is
/// the message key.
/// </summary>
public static class CloudEventHeaders
{
    /// <summary>The CloudEvents spec version every message carries.</summary>
    public const string SpecVersion = "1.0";

    /// <summary>The content type of a record value.</summary>
    public const string JsonContentType = "application/json";

#pragma warning disable CS1591 // The header names are their own documentation.
    public const string Id = "ce_id";
    public const string Source = "ce_source";
    public const string Type = "ce_type";
    public const string Subject = "ce_subject";
    public const string Time = "ce_time";
    public const string SpecVersionHeader = "ce_specversion";
    public const string DataSchema = "ce_dataschema";
    public const string SourceRecordId = "ce_sourcerecordid";
    public const string ContentHash = "ce_contenthash";
    public const string ContentType = "content-type";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
#pragma warning restore CS1591

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>A time as <c>ce_time</c> carries it: RFC 3339, UTC.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The headers of an event the hub itself emits (a scheduled report, a change of the index): the
    /// required attributes, <c>ce_subject</c> when there is one, and JSON as <c>content-type</c>. The
    /// caller adds its own extensions.
    /// </summary>
    public static Dictionary<string, string> ForEvent(string id, string source, string type, string? subject, DateTimeOffset time)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Id] = id,
            [Source] = source,
            [Type] = type,
            [Time] = FormatTime(time),
            [SpecVersionHeader] = SpecVersion,
            [ContentType] = JsonContentType,
        };
        if (subject is not null)
        {
            headers[Subject] = subject;
        }

        return headers;
    }

    /// <summary>
    /// The headers for an envelope: <c>ce_id</c> (the envelope id), <c>ce_source</c>
    /// (<c>/organisations/&lt;sourceOrganisation&gt;</c>), <c>ce_type</c>
    /// (<c>org.graduate-exchange.&lt;kind&gt;.v1</c>), <c>ce_subject</c> (the linkage key, when the
    /// kind has a subject), <c>ce_time</c> (RFC 3339, UTC), <c>ce_specversion</c> (1.0),
    /// <c>content-type</c>, <c>ce_dataschema</c>, and the extensions <c>ce_sourcerecordid</c> and
    /// <c>ce_contenthash</c> that make a consumer's work idempotent.
    /// </summary>
    public static Dictionary<string, string> For(RecordEnvelope envelope)
    {
        var kind = KindHeaders[envelope.Kind];
        // Sized for every header and the trace context, so that filling it never grows it.
        var headers = new Dictionary<string, string>(12, StringComparer.Ordinal)
        {
            [Id] = envelope.Id.ToString("D"),
            [Source] = SourceFor(envelope.SourceOrganisation),
            [Type] = kind.Type,
            [Time] = FormatTime(envelope.ReceivedAt),
            [SpecVersionHeader] = SpecVersion,
            [ContentType] = JsonContentType,
            [DataSchema] = kind.DataSchema,
            [SourceRecordId] = envelope.SourceRecordId,
            [ContentHash] = envelope.ContentHash,
        };
        if (envelope.SubjectKey is not null)
        {
            headers[Subject] = envelope.SubjectKey;
        }

        return headers;
    }

    // Every envelope of a kind carries the same type and schema: built once, not per message.
    private static readonly FrozenDictionary<RecordKind, (string Type, string DataSchema)> KindHeaders =
        RecordKinds.All.ToFrozenDictionary(kind => kind, kind => (TypeFor(kind), kind.SchemaId()));

    /// <summary>
    /// The message for an envelope: <see cref="For"/> as headers, the record's JSON as value, and as
    /// key the subject's linkage key — or, for kinds without a subject, the source organisation and
    /// source record id, so that versions of one record stay in order.
    /// </summary>
    /// <remarks>The value is the record's JSON exactly as the envelope holds it (for a sealed record,
    /// the canonical bytes its content hash was taken of), not the record written out again.</remarks>
    public static LogMessage ToMessage(RecordEnvelope envelope) => new(
        envelope.SubjectKey ?? $"{envelope.SourceOrganisation}/{envelope.SourceRecordId}",
        For(envelope),
        envelope.RecordUtf8);

    /// <summary>Rebuilds the envelope from a message written by <see cref="ToMessage"/>; null when a required attribute is missing or malformed.</summary>
    public static RecordEnvelope? ToEnvelope(ConsumedMessage message)
    {
        var h = message.Headers;
        if (!h.TryGetValue(Id, out var id) || !Guid.TryParse(id, out var envelopeId)
            || !h.TryGetValue(Type, out var type) || !TryParseType(type, out var kind)
            || !h.TryGetValue(Source, out var source) || !source.StartsWith(SourcePrefix, StringComparison.Ordinal)
            || !h.TryGetValue(Time, out var time)
            || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var receivedAt)
            || !h.TryGetValue(SourceRecordId, out var sourceRecordId)
            || !h.TryGetValue(ContentHash, out var contentHash))
        {
            return null;
        }

        return new RecordEnvelope
        {
            Id = envelopeId,
            Kind = kind,
            SchemaVersion = RecordKinds.SchemaVersion,
            SourceOrganisation = source[SourcePrefix.Length..],
            SourceRecordId = sourceRecordId,
            ContentHash = contentHash,
            SubjectKey = h.GetValueOrDefault(Subject),
            ReceivedAt = receivedAt.ToUniversalTime(),
            Record = JsonElement.Parse(message.Value.Span),
        };
    }

    /// <summary>The CloudEvents <c>source</c> of an organisation.</summary>
    public static string SourceFor(string sourceOrganisation) => SourcePrefix + sourceOrganisation;

    /// <summary>The CloudEvents <c>type</c> of a record kind, e.g. <c>org.graduate-exchange.graduate.v1</c>.</summary>
    public static string TypeFor(RecordKind kind) => $"{TypePrefix}{kind.Name()}.{RecordKinds.SchemaVersion}";

    private const string SourcePrefix = "/organisations/";
    private const string TypePrefix = "org.graduate-exchange.";

    private static bool TryParseType(string type, out RecordKind kind)
    {
        var suffix = "." + RecordKinds.SchemaVersion;
        kind = default;
        return type.StartsWith(TypePrefix, StringComparison.Ordinal)
            && type.EndsWith(suffix, StringComparison.Ordinal)
            && RecordKinds.TryParse(type[TypePrefix.Length..^suffix.Length], out kind);
    }
}
