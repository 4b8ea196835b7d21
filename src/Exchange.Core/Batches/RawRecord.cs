namespace Exchange.Core.Batches;

/// <summary>One record's bytes cut from a batch, with where it was found.</summary>
/// <param name="Index">Zero-based position in the batch.</param>
/// <param name="Line">One-based line of the file where the record starts.</param>
/// <param name="Utf8">The record's bytes, not yet checked.</param>
public sealed record RawRecord(int Index, int Line, ReadOnlyMemory<byte> Utf8);
