using Exchange.Log;

namespace Exchange.Index.Merging;

/// <summary>
/// Sends stewards' decisions to the merger through the log, and waits until the merger has applied
/// them, so that the steward's next read sees the decision.
/// </summary>
public sealed class StewardDecisions(IEventLog log, Merger merger, TimeProvider clock)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Appends the decision; true once the merger has applied it, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> DecideAsync(StewardDecision decision, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var positions = await log.AppendAsync(Topics.IndexDecisions, [decision.ToMessage()], cancellationToken);
        var deadline = clock.GetUtcNow() + timeout;
        while (!await merger.HasMergedAsync(positions, cancellationToken))
        {
            if (clock.GetUtcNow() >= deadline)
                return false;
            await Task.Delay(PollInterval, clock, cancellationToken);
        }
        return true;
    }
}
