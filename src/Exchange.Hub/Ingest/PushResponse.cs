using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Identifiers;
using Exchange.Core.Validation;

namespace Exchange.Hub.Ingest;

/// <summary>The answer to a push: every record's outcome, in request order, the counts, and warnings about the body as a whole.</summary>
public sealed record PushResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<PushOutcome> Records)
{
    /// <summary>What was read but not imported, e.g. CSV columns the mapping profile does not know (<c>csv.unknown-header</c>).</summary>
    public IReadOnlyList<PushWarning> Warnings { get; init; } = [];

    /// <summary>The answer as it may leave the hub: no record id, origin or problem carrying a resident id.</summary>
    public PushResponse WithoutResidentIds() => this with
    {
        Records = [.. Records.Select(o => o with
        {
            Origin = ResidentIdScrubber.Scrub(o.Origin),
            RecordId = ResidentIdScrubber.Scrub(o.RecordId),
            Problem = o.Problem is null ? null : RecordProblem.For(o.Problem.Problems),
        })],
        // A file without a header row makes its first data row the headers, resident ids included.
        Warnings = [.. Warnings.Select(w => w with
        {
            Column = ResidentIdScrubber.Scrub(w.Column),
            Message = ResidentIdScrubber.Scrub(w.Message)!,
            MessageZh = ResidentIdScrubber.Scrub(w.MessageZh)!,
        })],
    };
}

/// <summary>
/// Something about the body as a whole that did not stop its records: a CSV column the profile
/// does not know (<c>csv.unknown-header</c>) or a second column for a field already filled
/// (<c>csv.duplicate-header</c>), with the column's header as written.
/// </summary>
public sealed record PushWarning(string Code, string? Column, string Message, string MessageZh)
{
    /// <summary>The header problems of a CSV body; none for other bodies.</summary>
    public static IReadOnlyList<PushWarning> From(CsvReadResult? csv) =>
        csv is null ? [] : [.. csv.HeaderProblems.Select(h => new PushWarning(h.Problem.Code, h.Column, h.Problem.Message, h.Problem.MessageZh))];
}

/// <summary>One record's outcome: accepted (with the envelope id), duplicate, or rejected with problem details.</summary>
public sealed record PushOutcome(int Index, string Origin, string? RecordId, string Status, Guid? EnvelopeId, RecordProblem? Problem);

/// <summary>RFC 9457 problem details for one rejected record, carrying its validation problems.</summary>
public sealed record RecordProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<Problem> Problems)
{
    public static RecordProblem For(IReadOnlyList<Problem> problems)
    {
        var scrubbed = ResidentIdScrubber.Scrub(problems);
        return new(
            ProblemTypes.For("invalid-record"),
            "The record was rejected",
            StatusCodes.Status422UnprocessableEntity,
            scrubbed.Count == 1 ? scrubbed[0].Message : $"{scrubbed.Count} problems; see problems.",
            scrubbed);
    }
}
