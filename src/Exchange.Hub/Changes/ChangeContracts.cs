using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Exchange.Hub.Changes;

/// <summary>A page of the change feed: the changes the caller may see, and the cursor to read on from.</summary>
/// <param name="Changes">The changes, oldest first; empty when there is nothing more for the caller now.</param>
/// <param name="Next">The cursor of the next page (<c>after=</c>): opaque, always present, different at every answer.</param>
public sealed record ChangePageResponse(IReadOnlyList<ChangeEventResponse> Changes, string Next);

/// <summary>One change as a subscriber sees it.</summary>
/// <param name="Id">The event's id for this subscriber (<c>chg_…</c>): stable, so a redelivery can be recognised.</param>
/// <param name="Type"><c>record.created</c>, <c>record.updated</c>, <c>record.deleted</c>, <c>subject.erased</c>, <c>subject.merged</c>, <c>subject.split</c> or <c>consent.withdrawn</c>.</param>
/// <param name="Time">When the index changed.</param>
/// <param name="Subject">The subscriber's handle of the subject (for a merge or a split: of the subject that stands).</param>
/// <param name="From">For a merge or a split: the handle the other subject had; absent when it was known by no linkage key.</param>
/// <param name="Record">For record events: the record's kind and provider.</param>
/// <param name="Data">For creates and updates: the record, only its released fields.</param>
public sealed record ChangeEventResponse(
    string Id,
    string Type,
    DateTimeOffset Time,
    string Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChangeRecordResponse? Record,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Data);

/// <summary>The record a record event is about.</summary>
/// <param name="Kind"><c>graduate</c>, <c>certification</c> or <c>placement</c>.</param>
/// <param name="Provider">The providing organisation's credit code.</param>
public sealed record ChangeRecordResponse(string Kind, string Provider);

/// <summary>One thing wrong with a change-feed request, in English and Chinese, naming the parameter.</summary>
public sealed record ChangeProblemDto(string Code, string Parameter, string Message, string MessageZh);
