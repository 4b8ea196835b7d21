namespace Exchange.Adapters.Pull;

/// <summary>What one polling round of a pull adapter did.</summary>
/// <param name="Adapter">The adapter instance's name (its checkpoint key).</param>
/// <param name="Fetched">Pages, documents or files fetched and ingested.</param>
/// <param name="Accepted">Records appended.</param>
/// <param name="Duplicates">Records already in the log.</param>
/// <param name="Rejected">Records rejected with problems.</param>
/// <param name="Checkpoint">The checkpoint after the round.</param>
/// <param name="Failure">Why the round stopped early (retries exhausted, a source error); null when it completed.</param>
public sealed record PullRound(string Adapter, int Fetched, int Accepted, int Duplicates, int Rejected, string? Checkpoint, string? Failure)
{
    /// <summary>True when the round went through everything the source had.</summary>
    public bool Completed => Failure is null;
}

/// <summary>Adds ingest counts up over a round.</summary>
internal sealed class RoundTally(string adapter)
{
    public int Fetched { get; set; }
    public int Accepted { get; private set; }
    public int Duplicates { get; private set; }
    public int Rejected { get; private set; }

    public void Add(Ingest.IngestResult result)
    {
        Fetched++;
        Accepted += result.Accepted;
        Duplicates += result.Duplicates;
        Rejected += result.Rejected;
    }

    public void Add(Ingest.IngestCounts file)
    {
        Fetched++;
        Accepted += file.Accepted;
        Duplicates += file.Duplicates;
        Rejected += file.Rejected;
    }

    public PullRound Finish(string? checkpoint, string? failure = null) =>
        new(adapter, Fetched, Accepted, Duplicates, Rejected, checkpoint, failure);
}
