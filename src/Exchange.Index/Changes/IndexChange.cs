using System.Text.Json;

namespace Exchange.Index.Changes;

/// <summary>
/// One change of the merged index as the change feed sees it, before the release service has
/// judged it for any subscriber. It holds linkage keys and stored records: it never leaves the hub
/// as it is.
/// </summary>
/// <param name="Sequence">The change's place in the index's one global order (<c>index_changes.sequence</c>).</param>
/// <param name="Type">The feed's event type (<see cref="Core.Model.ChangeTypes"/>).</param>
/// <param name="At">When the index changed.</param>
/// <param name="SubjectKey">The subject's linkage key when the change happened; null for a subject known by none.</param>
/// <param name="FromSubjectKey">For a merge or a split: the linkage key the other subject was known by before.</param>
/// <param name="Record">For record events: the record's kind, provider and (for creates and updates) the version's stored JSON.</param>
/// <param name="SubjectSources">Which kinds of records, from which providers, the subject holds: whose data a notice is about.</param>
/// <param name="WithdrawnAt">For a consent withdrawal, an erasure or a deletion: when the consent behind it was withdrawn.</param>
public sealed record IndexChange(
    long Sequence,
    string Type,
    DateTimeOffset At,
    string? SubjectKey,
    string? FromSubjectKey,
    ChangedRecord? Record,
    IReadOnlyList<RecordSource> SubjectSources,
    DateTimeOffset? WithdrawnAt);

/// <summary>A record a change is about: its kind, its provider and, when the change carries data, the stored version.</summary>
public sealed record ChangedRecord(string Kind, string SourceOrganisation, JsonElement? Record);

/// <summary>A kind of record and the organisation that provided it.</summary>
public sealed record RecordSource(string Kind, string SourceOrganisation);
