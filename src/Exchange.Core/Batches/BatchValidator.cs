using System.Text.Json;
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
            outcomes.Add(new RecordOutcome(raw.Index, raw.Line, result.RecordId ?? PeekRecordId(raw.Utf8.Span), result));
        }
        return new BatchOutcome(split.BatchProblem, outcomes);
    }

    /// <summary>Reads a top-level <c>recordId</c> string from a record that may be invalid, so its outcome can be named.</summary>
    internal static string? PeekRecordId(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRecordId = reader.ValueTextEquals("recordId"u8);
                reader.Read();
                if (isRecordId)
                {
                    var id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    return id is { Length: <= 64 } ? id : null;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        return null;
    }
}
