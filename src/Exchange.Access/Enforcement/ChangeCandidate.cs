using System.Text.Json;

namespace Exchange.Access.Enforcement;

/// <summary>
/// One change of the merged index a change-feed read would release, as the index holds it: with
/// linkage keys and the stored record, which never leave as they are.
/// </summary>
/// <param name="Sequence">Its place in the index's global order; the read path keeps it, the caller never sees it.</param>
/// <param name="Type">The event type (<see cref="Core.Model.ChangeTypes"/>).</param>
/// <param name="At">When the index changed.</param>
/// <param name="SubjectKey">The subject's linkage key when the change happened; null for a subject known by none.</param>
/// <param name="FromSubjectKey">For a merge or a split: the key the other subject was known by before.</param>
/// <param name="Record">For record events: the record's kind, provider and (creates and updates) the stored version.</param>
/// <param name="SubjectSources">The kinds and providers of the subject's records: whose data a notice is about.</param>
/// <param name="WithdrawnAt">For a consent withdrawal, an erasure or a deletion: when the consent behind it was withdrawn.</param>
public sealed record ChangeCandidate(
    long Sequence,
    string Type,
    DateTimeOffset At,
    string? SubjectKey,
    string? FromSubjectKey,
    ChangedRecordCandidate? Record,
    IReadOnlyList<ChangedRecordSource> SubjectSources,
    DateTimeOffset? WithdrawnAt);

/// <summary>The record of a record event: kind, provider and, for creates and updates, the stored version.</summary>
public sealed record ChangedRecordCandidate(string Kind, string SourceOrganisation, JsonElement? Data);

/// <summary>A kind of record a subject holds and its provider.</summary>
public sealed record ChangedRecordSource(string Kind, string SourceOrganisation);
