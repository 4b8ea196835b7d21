using System.Text.Json;
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

    /// <summary>The pseudonymised record as canonical JSON.</summary>
    public required JsonElement Record { get; init; }

    /// <summary>The identity that makes re-sending idempotent: source, source record id and content hash.</summary>
    public (string SourceOrganisation, string SourceRecordId, string ContentHash) Identity =>
        (SourceOrganisation, SourceRecordId, ContentHash);
}
