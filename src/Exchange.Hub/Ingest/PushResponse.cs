using System.Globalization;
using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Batches;
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
        Records = [.. Records.Select(WithoutResidentIds)],
        // A file without a header row makes its first data row the headers, resident ids included.
        Warnings = [.. Warnings.Select(w => w with
        {
            Column = ResidentIdScrubber.Scrub(w.Column),
            Message = ResidentIdScrubber.Scrub(w.Message)!,
            MessageZh = ResidentIdScrubber.Scrub(w.MessageZh)!,
        })],
    };

    // An outcome that holds no resident id is kept as it is: most of a large answer's outcomes.
    private static PushOutcome WithoutResidentIds(PushOutcome outcome)
    {
        var origin = ResidentIdScrubber.Scrub(outcome.Origin);
        var recordId = ResidentIdScrubber.Scrub(outcome.RecordId);
        return outcome.Problem is null && ReferenceEquals(origin, outcome.Origin) && ReferenceEquals(recordId, outcome.RecordId)
            ? outcome
            : outcome with
            {
                Origin = origin,
                RecordId = recordId,
                Problem = outcome.Problem is null ? null : RecordProblem.For(outcome.Problem.Problems),
            };
    }
}

/// <summary>
/// Something about the body as a whole that did not stop its records: a CSV column the profile
/// does not know (<c>csv.unknown-header</c>) or a second column for a field already filled
/// (<c>csv.duplicate-header</c>), with the column's header as written; JSON records that are not
/// well-formed (<c>input.unreadable-records</c>, with their <see cref="Count"/>), each also
/// rejected on its own; or a flaw of the array itself (<c>input.not-json</c>, e.g. no closing bracket).
/// </summary>
public sealed record PushWarning(string Code, string? Column, string Message, string MessageZh)
{
    /// <summary>How many records the warning is about, where it counts them.</summary>
    public int? Count { get; init; }

    /// <summary>The header problems of a CSV body; none for other bodies.</summary>
    public static IReadOnlyList<PushWarning> From(CsvReadResult? csv) =>
        csv is null ? [] : [.. csv.HeaderProblems.Select(h => new PushWarning(h.Problem.Code, h.Column, h.Problem.Message, h.Problem.MessageZh))];

    /// <summary>What a JSON or NDJSON body's cut found wrong beside its records.</summary>
    public static IReadOnlyList<PushWarning> From(RecordSplitter.Split split)
    {
        var warnings = new List<PushWarning>();
        if (UnreadableRecords(split.UnreadableRecords) is { } unreadable)
            warnings.Add(unreadable);
        if (split.BatchProblem is { } problem && split.Records.Count > 0)
            warnings.Add(new PushWarning(problem.Code, null, problem.Message, problem.MessageZh));
        return warnings;
    }

    /// <summary>That <paramref name="count"/> records are not well-formed JSON and were rejected one by one; null when none are.</summary>
    public static PushWarning? UnreadableRecords(int count) => count <= 0 ? null
        : new PushWarning(ProblemCodes.InputUnreadableRecords, null,
            string.Create(CultureInfo.InvariantCulture, $"{count} record(s) are not well-formed JSON; each is rejected on its own and the records around them are read."),
            string.Create(CultureInfo.InvariantCulture, $"有 {count} 条记录不是格式正确的 JSON，已逐条拒收，其前后的记录照常读取。"))
        { Count = count };
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
