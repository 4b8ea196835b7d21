using Exchange.Core.Validation;

namespace Exchange.Core.Batches;

/// <summary>One record's bytes cut from a batch, with where it was found.</summary>
/// <param name="Index">Zero-based position in the batch.</param>
/// <param name="Line">One-based line of the file where the record starts.</param>
/// <param name="Utf8">The record's bytes, not yet checked.</param>
public sealed record RawRecord(int Index, int Line, ReadOnlyMemory<byte> Utf8)
{
    /// <summary>
    /// For a line too long to be any record, its length without the whitespace around it: such a
    /// line is answered by its length alone and its bytes are not kept (<see cref="Utf8"/> is empty).
    /// </summary>
    public long? OversizeLength { get; init; }

    /// <summary>The problem that answers a line too long to be any record; null for every other.</summary>
    public Problem? OversizeProblem => OversizeLength is { } length ? Problems.TooLarge(length) : null;
}
