namespace Exchange.Adapters.Pull;

/// <summary>
/// A source the hub polls: each round fetches what is new since the adapter's checkpoint, sends
/// it through the ingest pipeline, and moves the checkpoint only past what was appended.
/// </summary>
public interface IPullAdapter
{
    /// <summary>The adapter instance's name, unique among the configured adapters: its checkpoint key.</summary>
    string Name { get; }

    /// <summary>Runs one polling round.</summary>
    Task<PullRound> RunOnceAsync(CancellationToken cancellationToken);
}
