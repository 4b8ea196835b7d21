using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Ingest;

/// <summary>One record handed to the pipeline: its canonical JSON and where it came from.</summary>
/// <param name="Origin">A label for error reports, e.g. <c>row 12</c>, <c>items[3]</c> or <c>Bundle.entry[2]</c>.</param>
/// <param name="Utf8Json">The canonical record as UTF-8 JSON, as a format reader produced it.</param>
public sealed record IngestRecord(string Origin, ReadOnlyMemory<byte> Utf8Json)
{
    /// <summary>
    /// Problems a format reader found while mapping the source into the record (a bad date, an
    /// unmapped code). A record with any is rejected, whatever validation says.
    /// </summary>
    public IReadOnlyList<Problem> MappingProblems { get; init; } = [];

    /// <summary>True for an entry that mapped to no record at all: it is answered with its mapping problems alone.</summary>
    public bool IsUnmapped => Utf8Json.IsEmpty && MappingProblems.Count > 0;

    /// <summary>
    /// A source entry that maps to no record (not valid FHIR, not the resource wanted): it still
    /// gets its own outcome and dead letter, rejected with the problems that say why, and is not
    /// validated, which would only add every field it lacks.
    /// </summary>
    public static IngestRecord Unmapped(string origin, params IReadOnlyList<Problem> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return new IngestRecord(origin, ReadOnlyMemory<byte>.Empty) { MappingProblems = problems };
    }
}

/// <summary>Records of one kind from one source organisation.</summary>
/// <param name="Kind">The record kind; decides the schema and the topic.</param>
/// <param name="SourceOrganisation">The sending organisation's unified social credit code.</param>
/// <param name="Records">The records, in source order.</param>
public sealed record IngestBatch(RecordKind Kind, string SourceOrganisation, IReadOnlyList<IngestRecord> Records)
{
    /// <summary>
    /// Whether the source may write a record that passed validation (e.g. only its own
    /// institution's): any problem rejects that record alone. Judged on the typed record the
    /// validator already produced, so nothing is parsed twice.
    /// </summary>
    public RecordAuthoriser? Authorise { get; init; }

    /// <summary>
    /// The envelope id of the record at each index, when the sender's request fixes them: a push
    /// with an <c>Idempotency-Key</c> derives them from the key, so that its retry after a crash
    /// seals every record with the id the first attempt gave it, and recognises what that attempt
    /// appended. Null: each record gets a fresh time-ordered id.
    /// </summary>
    public Func<int, Guid>? EnvelopeIds { get; init; }
}

/// <summary>
/// Judges whether the source may write one valid record; returns the problems that refuse it,
/// empty when it may. Given the subject's linkage key (null for records about no subject), since some rules
/// depend on who holds the subject's records.
/// </summary>
public delegate ValueTask<IReadOnlyList<Problem>> RecordAuthoriser(ICanonicalRecord record, string? subjectKey, CancellationToken cancellationToken);
