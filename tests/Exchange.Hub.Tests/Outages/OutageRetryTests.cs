using System.Threading.Channels;
using Exchange.Access.Consent;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Hub.Tests.Outages;

/// <summary>
/// The hub's consumers through an outage of the log or the database: each attempt makes a new
/// member of its consumer group, and on Kafka every new member makes the group rebalance, so the
/// attempts thin out the longer the outage lasts, and each is logged once.
/// </summary>
public sealed class OutageRetryTests
{
    // Each attempt's wait, in seconds, through the first minute and a quarter of an outage.
    private static readonly double[] Waits = [1, 2, 4, 8, 15, 15, 15, 15];

    [Fact]
    public async Task The_merger_made_a_new_group_member_every_second_through_an_outage()
    {
        var clock = new TimerRecordingClock();
        var log = new UnreachableLog();
        await using var database = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=absent;Username=nobody");
        using var meters = new TestMeters();
        using var merger = new MergerHost(log, new Merger(database, clock), new MergerLag(log, database), new MergerMetrics(meters), clock,
            NullLogger<MergerHost>.Instance);

        Assert.Equal(Waits, await WaitsAsync(merger, clock, log));
    }

    [Fact]
    public async Task The_consent_projection_made_a_new_group_member_every_second_through_an_outage()
    {
        var clock = new TimerRecordingClock();
        var log = new UnreachableLog();
        await using var database = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=absent;Username=nobody");
        using var projection = new ConsentProjection(log, new ConsentStore(database), clock, NullLogger<ConsentProjection>.Instance);

        Assert.Equal(Waits, await WaitsAsync(projection, clock, log));
    }

    /// <summary>The waits the service asked for between its attempts, each waited out on the clock.</summary>
    private static async Task<double[]> WaitsAsync(Microsoft.Extensions.Hosting.BackgroundService service, TimerRecordingClock clock, UnreachableLog log)
    {
        var waits = new List<double>();
        await service.StartAsync(TestTimeout.Token());
        try
        {
            foreach (var _ in Waits)
            {
                var wait = await clock.Timers.Reader.ReadAsync(TestTimeout.Token());
                waits.Add(wait.TotalSeconds);
                clock.Advance(wait);
            }
            // One attempt after each wait, and one before the first.
            await clock.Timers.Reader.ReadAsync(TestTimeout.Token());
            Assert.Equal(Waits.Length + 1, log.ConsumersAsked);
        }
        finally
        {
            await service.StopAsync(TestTimeout.Token());
        }
        return [.. waits];
    }

    /// <summary>A fake clock that tells each timer made on it, so that the test advances it by exactly what was asked.</summary>
    private sealed class TimerRecordingClock() : FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero))
    {
        public Channel<TimeSpan> Timers { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Told once made, so that the test's advance of the clock cannot come before it.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
                Timers.Writer.TryWrite(dueTime);
            return timer;
        }
    }

    /// <summary>A log whose storage is away: making a consumer fails, as the embedded log's does while its database is down.</summary>
    private sealed class UnreachableLog : IEventLog
    {
        private int _consumersAsked;

        public int ConsumersAsked => Volatile.Read(ref _consumersAsked);

        public int DefaultPartitions => 1;

        public IEventLogConsumer CreateConsumer(string groupId)
        {
            Interlocked.Increment(ref _consumersAsked);
            throw new EventLogException("The log's storage is away.");
        }

        public Task EnsureStandardTopicsAsync(CancellationToken cancellationToken = default) => throw Away();

        public Task EnsureTopicsAsync(IEnumerable<string> topics, int partitions, CancellationToken cancellationToken = default) => throw Away();

        public Task<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken = default) => throw Away();

        public Task<IReadOnlyList<LogPosition>> AppendAsync(string topic, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default) => throw Away();

        public Task<PartitionWatermarks> GetWatermarksAsync(string topic, int partition, CancellationToken cancellationToken = default) => throw Away();

        public Task<long> OffsetForTimeAsync(string topic, int partition, DateTimeOffset time, CancellationToken cancellationToken = default) => throw Away();

        public IAsyncEnumerable<ConsumedMessage> ReplayAsync(string topic, int partition, long fromOffset, CancellationToken cancellationToken = default) => throw Away();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static EventLogException Away() => new("The log's storage is away.");
    }
}
