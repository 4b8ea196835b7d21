namespace Exchange.Core.Hosting;

/// <summary>
/// How long a background consumer waits before its next attempt through an outage of the log or
/// the database: one second, then twice the last wait, up to <see cref="Longest"/>; back to one
/// second once an attempt has done its work. Each attempt makes a new member of a consumer group,
/// and on Kafka every new member makes the whole group rebalance, so attempts thin out the longer
/// an outage lasts. One instance per loop; not thread-safe.
/// </summary>
public sealed class OutageBackoff
{
    /// <summary>The first wait of an outage.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait: half of the 30 s a consent's writer waits to see it in force, so that a
    /// consent written as the database comes back is in force before its writer gives up waiting.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    private TimeSpan _next = First;

    /// <summary>The wait before the next attempt; the one after it is twice as long, up to <see cref="Longest"/>.</summary>
    public TimeSpan Next()
    {
        var wait = _next;
        _next = _next * 2 < Longest ? _next * 2 : Longest;
        return wait;
    }

    /// <summary>An attempt has done its work: the next outage starts again at <see cref="First"/>.</summary>
    public void Recovered() => _next = First;
}
