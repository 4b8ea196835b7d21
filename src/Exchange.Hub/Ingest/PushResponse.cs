using Exchange.Core.Validation;

namespace Exchange.Hub.Ingest;

/// <summary>The answer to a push: every record's outcome, in request order, and the counts.</summary>
public sealed record PushResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<PushOutcome> Records);

/// <summary>One record's outcome: accepted (with the envelope id), duplicate, or rejected with problem details.</summary>
public sealed record PushOutcome(int Index, string Origin, string? RecordId, string Status, Guid? EnvelopeId, RecordProblem? Problem);

/// <summary>RFC 9457 problem details for one rejected record, carrying its validation problems.</summary>
public sealed record RecordProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<Problem> Problems)
{
    public static RecordProblem For(IReadOnlyList<Problem> problems) => new(
        "https://graduate-exchange.org/problems/invalid-record",
        "The record was rejected",
        StatusCodes.Status422UnprocessableEntity,
        problems.Count == 1 ? problems[0].Message : $"{problems.Count} problems; see problems.",
        problems);
}
