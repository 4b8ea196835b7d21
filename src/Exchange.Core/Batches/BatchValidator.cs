using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Core.Batches;

/// <summary>The outcome of one record of a batch.</summary>
/// <param name="Index">Zero-based position in the batch.</param>
/// <param name="Line">One-based line where the record starts.</param>
/// <param name="RecordId">The record's <c>recordId</c>, when it could be read even from an invalid record.</param>
/// <param name="Result">The validation result.</param>
public sealed record RecordOutcome(int Index, int Line, string? RecordId, RecordValidationResult Result);

/// <summary>The outcome of a whole batch.</summary>
/// <param name="BatchProblem">A problem with the batch as a whole; records cut before it are still judged.</param>
/// <param name="Records">Every record's outcome, in batch order.</param>
public sealed record BatchOutcome(Problem? BatchProblem, IReadOnlyList<RecordOutcome> Records)
{
    /// <summary>Number of valid records.</summary>
    public int ValidCount => Records.Count(r => r.Result.IsValid);

    /// <summary>True when the batch was whole and every record is valid.</summary>
    public bool AllValid => BatchProblem is null && Records.Count > 0 && Records.All(r => r.Result.IsValid);
}

/// <summary>Validates every record of a batch on its own, so that one bad record never sinks the others.</summary>
public sealed class BatchValidator(RecordValidator validator)
{
    /// <summary>Cuts and validates a batch.</summary>
    public BatchOutcome Validate(RecordKind kind, ReadOnlyMemory<byte> content)
    {
        var split = RecordSplitter.Cut(content);
        var outcomes = new List<RecordOutcome>(split.Records.Count);
        foreach (var raw in split.Records)
        {
            var result = validator.Validate(kind, raw.Utf8.Span);
            outcomes.Add(new RecordOutcome(raw.Index, raw.Line, result.RecordId ?? RecordIdPeek.Peek(raw.Utf8.Span), result));
        }
        return new BatchOutcome(split.BatchProblem, outcomes);
    }
}
