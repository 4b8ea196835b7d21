namespace Exchange.Core.Hosting;

/// <summary>
/// How long a background consumer waits before its next attempt through an outage of the log or
/// the database: one second, then twice the last wait, up to <see cref="Longest"/>. An attempt that
/// had run for <see cref="Longest"/> or more before it failed was a working one, so the waits of
/// the outage that ended it start again at one second — also in a hub with nothing to consume,
/// whose attempts never do any work to tell. Each attempt makes a new member of a consumer group,
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

    /// <summary>The wait after an attempt that failed having run for <paramref name="attemptRan"/>.</summary>
    public TimeSpan Next(TimeSpan attemptRan)
    {
        if (attemptRan >= Longest)
            _next = First;
        var wait = _next;
        _next = _next * 2 < Longest ? _next * 2 : Longest;
        return wait;
    }
}
