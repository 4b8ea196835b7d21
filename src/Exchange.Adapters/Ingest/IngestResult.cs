using System.Text.Json.Serialization;
using Exchange.Core.Validation;
using Exchange.Log;

namespace Exchange.Adapters.Ingest;

/// <summary>What became of one record.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IngestStatus>))]
public enum IngestStatus
{
    /// <summary>Valid and new: appended to its topic.</summary>
    [JsonStringEnumMemberName("accepted")]
    Accepted,

    /// <summary>Valid, but the same (source, record id, content) was appended before: nothing appended.</summary>
    [JsonStringEnumMemberName("duplicate")]
    Duplicate,

    /// <summary>Invalid: the problems say why; a dead letter was written.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>The outcome of one record of a batch.</summary>
/// <param name="Index">Zero-based position in the batch.</param>
/// <param name="Origin">The record's origin label, e.g. <c>row 12</c>.</param>
/// <param name="RecordId">The record's <c>recordId</c>, when it could be read.</param>
/// <param name="Status">Accepted, duplicate or rejected.</param>
/// <param name="Problems">Why it was rejected; empty otherwise.</param>
/// <param name="EnvelopeId">The envelope (CloudEvents) id of an accepted record.</param>
public sealed record IngestOutcome(
    int Index,
    string Origin,
    string? RecordId,
    IngestStatus Status,
    IReadOnlyList<Problem> Problems,
    Guid? EnvelopeId)
{
    /// <summary>
    /// The subject's linkage key, when the record was valid and about a subject: for the audit of a
    /// refused write, or to find an accepted record again. Never part of an answer to the source.
    /// </summary>
    public string? SubjectKey { get; init; }

    /// <summary>Where an accepted record was appended; a writer that must see it take effect waits for a projection to pass it.</summary>
    public LogPosition? Position { get; init; }
}

/// <summary>Every record's outcome, in batch order, and the counts.</summary>
/// <param name="Outcomes">One outcome per record of the batch.</param>
public sealed record IngestResult(IReadOnlyList<IngestOutcome> Outcomes)
{
    /// <summary>Records appended.</summary>
    public int Accepted => Outcomes.Count(o => o.Status == IngestStatus.Accepted);

    /// <summary>Records already in the log.</summary>
    public int Duplicates => Outcomes.Count(o => o.Status == IngestStatus.Duplicate);

    /// <summary>Records rejected.</summary>
    public int Rejected => Outcomes.Count(o => o.Status == IngestStatus.Rejected);

    /// <summary>An empty result.</summary>
    public static IngestResult Empty { get; } = new([]);
}
