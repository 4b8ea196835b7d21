using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Exchange.Core.Model;

namespace Exchange.Core.Envelope;

/// <summary>
/// What carries one canonical record through the event log and into the index. It never
/// holds a clear resident id: the subject is named only by its pseudonymous linkage key, and
/// the record inside has had its clear identifiers removed.
/// </summary>
public sealed record RecordEnvelope
{
    /// <summary>The envelope's own id, also the CloudEvents <c>id</c>.</summary>
    public required Guid Id { get; init; }

    /// <summary>The record kind.</summary>
    public required RecordKind Kind { get; init; }

    /// <summary>The schema version the record was validated against, e.g. <c>v1</c>.</summary>
    public required string SchemaVersion { get; init; }

    /// <summary>The organisation that sent the record (its unified social credit code).</summary>
    public required string SourceOrganisation { get; init; }

    /// <summary>The source system's id of the record.</summary>
    public required string SourceRecordId { get; init; }

    /// <summary>Hex SHA-256 of the record's canonical JSON after pseudonymisation.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The subject's linkage key, for kinds that have a subject; the event-log key.</summary>
    public string? SubjectKey { get; init; }

    /// <summary>When the hub received the record (UTC).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    // The record is held as its UTF-8 JSON, the element read from it only when asked for: at the
    // door a sealed record goes straight to the log as those bytes, and a document of every record
    // in flight would cost the hub a third of the bytes it allocates per record.
    private readonly ReadOnlyMemory<byte> _recordUtf8;
    private ParsedRecord? _record;

    /// <summary>The pseudonymised record as canonical JSON.</summary>
    /// <remarks>Set this or <see cref="RecordUtf8"/>; an envelope with neither has no record to give.</remarks>
    public JsonElement Record
    {
        // Two threads may both read the bytes the first time; each gets the same element's value.
        get => (_record ??= new ParsedRecord(_recordUtf8.IsEmpty
            ? throw new InvalidOperationException("The envelope was made without its record: set Record or RecordUtf8.")
            : JsonElement.Parse(_recordUtf8.Span))).Element;
        init
        {
            _record = new ParsedRecord(value);
            _recordUtf8 = default;
        }
    }

    /// <summary>
    /// The record's UTF-8 JSON: for a sealed record, the canonical bytes its content hash was taken
    /// of. Not copied when the envelope was made from bytes; the caller never writes to them.
    /// </summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> RecordUtf8
    {
        get => _recordUtf8.IsEmpty ? JsonMarshal.GetRawUtf8Value(Record).ToArray() : _recordUtf8;
        init
        {
            _recordUtf8 = value;
            _record = null;
        }
    }

    /// <summary>The identity that makes re-sending idempotent: source, source record id and content hash.</summary>
    public (string SourceOrganisation, string SourceRecordId, string ContentHash) Identity =>
        (SourceOrganisation, SourceRecordId, ContentHash);

    // A class, so that the element is published to other threads whole.
    private sealed record ParsedRecord(JsonElement Element);
}
