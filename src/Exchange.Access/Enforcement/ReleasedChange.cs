using System.Text.Json.Nodes;

namespace Exchange.Access.Enforcement;

/// <summary>
/// A change one subscriber may see: its subject named by the subscriber's handle, a merge or split
/// also by the handle the other subject had, and a record's data masked to the released fields.
/// </summary>
/// <param name="Sequence">Its place in the global order: for the read path's cursor, never serialised as it is.</param>
/// <param name="Type">The event type.</param>
/// <param name="At">When the index changed.</param>
/// <param name="Subject">The subscriber's handle of the subject (after a merge or split: of the subject that stands).</param>
/// <param name="From">For a merge or a split: the handle the other subject had, when it was known by a linkage key.</param>
/// <param name="RecordKind">For record events: the record's kind.</param>
/// <param name="Provider">For record events: the providing organisation.</param>
/// <param name="Data">For creates and updates: the record, only its released fields.</param>
public sealed record ReleasedChange(long Sequence, string Type, DateTimeOffset At, string Subject, string? From, string? RecordKind, string? Provider, JsonObject? Data);
