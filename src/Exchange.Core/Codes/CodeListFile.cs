namespace Exchange.Core.Codes;

/// <summary>The shape of a code-list data file.</summary>
internal sealed record CodeListFile
{
    public required string List { get; init; }
    public required string Standard { get; init; }
    public required string Version { get; init; }
    public required string Source { get; init; }

    /// <summary>
    /// <c>replace</c> (the default) swaps the shipped list for this one; <c>extend</c> adds the
    /// file's entries to it, replacing entries with the same code and introduction year.
    /// </summary>
    public string Mode { get; init; } = "replace";

    public required IReadOnlyList<CodeEntry> Entries { get; init; }
}
