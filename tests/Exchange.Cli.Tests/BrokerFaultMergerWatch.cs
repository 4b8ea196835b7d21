using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Exchange.Cli.Tests;

/// <summary>
/// Reads, every few tens of milliseconds, where the merger stands in each partition of a topic as the
/// index records it (<c>merger_positions</c>), so that a test can tell when merging moved on after
/// a fault and when it has merged everything the log holds.
/// </summary>
internal sealed class BrokerFaultMergerWatch : IAsyncDisposable
{
    private const string PositionsSql = "select partition as Partition, next_offset as NextOffset from public.merger_positions where topic = @Topic";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly NpgsqlDataSource _index;
    private readonly string _topic;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<(TimeSpan At, IReadOnlyDictionary<int, long> Next)> _readings = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    private BrokerFaultMergerWatch(NpgsqlDataSource index, string topic, Stopwatch clock)
    {
        _index = index;
        _topic = topic;
        _clock = clock;
        _polling = PollAsync(_stop.Token);
    }

    public static BrokerFaultMergerWatch Start(NpgsqlDataSource index, string topic, Stopwatch clock) => new(index, topic, clock);

    /// <summary>Waits until the merger has moved on in one of <paramref name="partitions"/> since <paramref name="moment"/>; answers when it did.</summary>
    public async Task<TimeSpan> WaitForProgressAsync(TimeSpan moment, IReadOnlyCollection<int> partitions, CancellationToken cancellationToken)
    {
        var before = _readings.LastOrDefault(r => r.At <= moment).Next ?? new Dictionary<int, long>();
        while (true)
        {
            if (_polling.IsFaulted)
                await _polling;
            if (_readings.Where(r => r.At > moment).FirstOrDefault(r => partitions.Any(p => r.Next.GetValueOrDefault(p) > before.GetValueOrDefault(p))) is { Next: not null } moved)
                return moved.At;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Waits until the merger stands at <paramref name="ends"/> (the next offset of each partition) or beyond.</summary>
    public async Task WaitUntilMergedAsync(IReadOnlyDictionary<int, long> ends, CancellationToken cancellationToken)
    {
        while (!(_readings.LastOrDefault().Next is { } last && ends.All(e => last.GetValueOrDefault(e.Key) >= e.Value)))
        {
            if (_polling.IsFaulted)
                await _polling;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using var connection = await _index.OpenConnectionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var rows = await connection.QueryAsync<(int Partition, long NextOffset)>(new CommandDefinition(PositionsSql, new { Topic = _topic }, cancellationToken: cancellationToken));
            _readings.Enqueue((_clock.Elapsed, rows.ToDictionary(r => r.Partition, r => r.NextOffset)));
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }
}
