namespace Exchange.Adapters.Ingest;

/// <summary>
/// How many records a file's ingests accepted, found already in the log, and rejected, added up
/// chunk by chunk so that a file of any size is summed without keeping every outcome.
/// </summary>
public sealed class IngestCounts
{
    /// <summary>Records appended.</summary>
    public int Accepted { get; private set; }

    /// <summary>Records already in the log.</summary>
    public int Duplicates { get; private set; }

    /// <summary>Records rejected.</summary>
    public int Rejected { get; private set; }

    /// <summary>Every record counted.</summary>
    public int Total => Accepted + Duplicates + Rejected;

    /// <summary>Adds the outcomes of one ingest.</summary>
    public void Add(IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Accepted += result.Accepted;
        Duplicates += result.Duplicates;
        Rejected += result.Rejected;
    }

    /// <summary>The counts of one ingest.</summary>
    public static IngestCounts Of(IngestResult result)
    {
        var counts = new IngestCounts();
        counts.Add(result);
        return counts;
    }
}
