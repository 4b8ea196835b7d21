using Exchange.Core.Identifiers;
using Exchange.Core.Validation;

namespace Exchange.Hub.Ingest;

/// <summary>The answer to a push: every record's outcome, in request order, and the counts.</summary>
public sealed record PushResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<PushOutcome> Records)
{
    /// <summary>The answer as it may leave the hub: no record id, origin or problem carrying a resident id.</summary>
    public PushResponse WithoutResidentIds() => this with
    {
        Records = [.. Records.Select(o => o with
        {
            Origin = ResidentIdScrubber.Scrub(o.Origin),
            RecordId = ResidentIdScrubber.Scrub(o.RecordId),
            Problem = o.Problem is null ? null : RecordProblem.For(o.Problem.Problems),
        })],
    };
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
