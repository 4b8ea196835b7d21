using Exchange.Core.Model;

namespace Exchange.Adapters.Ingest;

/// <summary>What makes a record the same record: source organisation, source record id and content hash.</summary>
/// <param name="SourceOrganisation">The sending organisation's credit code.</param>
/// <param name="SourceRecordId">The source's record id.</param>
/// <param name="ContentHash">Hex SHA-256 of the pseudonymised canonical JSON.</param>
public readonly record struct RecordIdentity(string SourceOrganisation, string SourceRecordId, string ContentHash);

/// <summary>A record appended to the log, as the duplicate registry remembers it.</summary>
/// <param name="Identity">What makes it the same record.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="SubjectKey">Its subject's linkage key, for records about a subject.</param>
/// <param name="EnvelopeId">The envelope id it was appended with.</param>
public readonly record struct SeenRecord(RecordIdentity Identity, RecordKind Kind, string? SubjectKey, Guid EnvelopeId);
