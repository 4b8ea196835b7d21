using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Log.Embedded;

/// <summary>
/// A consumer-group member of the embedded log. It reads the partitions its leases give it, from
/// the group's committed offsets on, and sleeps on LISTEN until an append notifies it. Once it has
/// handed out a batch it reads the next one ahead, on a connection of its own, while the caller works
/// on the first: the fetch is a query of its own, and on one machine the database would otherwise
/// wait for the caller and the caller for the fetch. A batch read ahead is handed out only if the
/// consumer's positions are still the ones it was read from (a heartbeat that moves the partitions
/// held drops it) and the caller asks for as many messages again.
/// </summary>
internal sealed class EmbeddedEventLogConsumer : IEventLogConsumer
{
    // The oldest messages across the held partitions are chosen by position and time alone; only
    // those chosen are read whole. Reading every partition's next messages with their values, to
    // keep one partition's worth, cost more than the rest of a merge batch.
    private const string FetchSql = "select " + MessageRow.Columns + """

        from (
          select c.topic, c.partition, c.log_offset
          from unnest(@topics, @partitions, @froms) as h(topic, partition, from_offset)
          cross join lateral (
            select x.topic, x.partition, x.log_offset, x.appended_at from messages x
            where x.topic = h.topic and x.partition = h.partition and x.log_offset >= h.from_offset
            order by x.log_offset
            limit @limit) c
          order by c.appended_at, c.topic, c.partition, c.log_offset
          limit @limit) chosen
        join messages m on m.topic = chosen.topic and m.partition = chosen.partition and m.log_offset = chosen.log_offset
        order by m.appended_at, m.topic, m.partition, m.log_offset
        """;

    private static readonly TimeSpan MaxWaitSlice = TimeSpan.FromMilliseconds(250);

    private readonly NpgsqlDataSource _dataSource;
    private readonly EmbeddedLogOptions _options;
    private readonly ILogger _logger;
    private readonly GroupMembership _membership;
    private readonly Dictionary<LogPartition, long> _positions = [];
    private readonly Stopwatch _sinceHeartbeat = new();
    private readonly CancellationTokenSource _stopping = new();
    private ReadAhead? _readAhead;
    private IReadOnlyList<string> _topics = [];
    private NpgsqlConnection? _listener;
    private bool _disposed;

    public EmbeddedEventLogConsumer(NpgsqlDataSource dataSource, EmbeddedLogOptions options, string groupId, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
        GroupId = groupId;
        _membership = new GroupMembership(dataSource, options, groupId);
    }

    public string GroupId { get; }

    public IReadOnlyCollection<LogPartition> Assignment => [.. _positions.Keys];

    public void Subscribe(IEnumerable<string> topics)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _topics = [.. topics.Distinct(StringComparer.Ordinal)];
        if (_listener is null)
        {
            // Listen before the first fetch, so an append between a fetch and the wait still wakes us.
            _listener = _dataSource.OpenConnection();
            using var listen = new NpgsqlCommand(Notifications.ListenSql, _listener);
            listen.ExecuteNonQuery();
        }

        _sinceHeartbeat.Reset();
    }

    public IReadOnlyList<ConsumedMessage> Consume(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        if (_listener is null)
        {
            throw new InvalidOperationException("Subscribe before consuming.");
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_sinceHeartbeat.IsRunning || _sinceHeartbeat.Elapsed >= _options.HeartbeatInterval)
            {
                Heartbeat(cancellationToken);
            }

            var batch = TakeReadAhead(maxMessages, cancellationToken) ?? Fetch(maxMessages, cancellationToken);
            if (batch.Count > 0)
            {
                StartReadAhead(maxMessages);
                return batch;
            }

            var remaining = maxWait - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return [];
            }

            // Wake on an append, in time for the next heartbeat, or to look at the token (slices:
            // a connection must not be closed under a Wait from another thread).
            var untilHeartbeat = _options.HeartbeatInterval - _sinceHeartbeat.Elapsed;
            var wait = Min(Min(remaining, untilHeartbeat), MaxWaitSlice);
            if (wait > TimeSpan.Zero)
            {
                _listener.Wait((int)Math.Ceiling(wait.TotalMilliseconds));
            }
        }
    }

    public void Commit(IEnumerable<ConsumedMessage> processed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var offsets = processed
            .GroupBy(m => (m.Topic, m.Partition))
            .Select(g => (g.Key.Topic, g.Key.Partition, NextOffset: g.Max(m => m.Offset) + 1))
            .ToList();
        _membership.Commit(offsets);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping.Cancel();
        try
        {
            // Its connection goes back to the pool before the caller may dispose the data source.
            _readAhead?.Rows.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Cancelled, or failed: no batch read ahead is handed out after this.
        }

        try
        {
            _membership.Leave();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Disposed on the way out of an outage: leaving is a courtesy to the other members, and
            // a throw here would end the caller that means to retry.
            _logger.GroupLeaveFailed(GroupId, _membership.MemberId, e);
        }
        finally
        {
            _listener?.Dispose();
            _stopping.Dispose();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Heartbeat(CancellationToken cancellationToken)
    {
        var held = _membership.Heartbeat(_topics, cancellationToken);
        _sinceHeartbeat.Restart();

        var now = held.Select(h => new LogPartition(h.Topic, h.Partition)).ToHashSet();
        var changed = now.Count != _positions.Count || !now.All(_positions.ContainsKey);
        foreach (var lost in _positions.Keys.Where(p => !now.Contains(p)).ToList())
        {
            _positions.Remove(lost);
        }

        // A newly held partition starts at the group's commit: anything read before by another member is redelivered.
        foreach (var partition in held.Where(h => !_positions.ContainsKey(new LogPartition(h.Topic, h.Partition))))
        {
            _positions[new LogPartition(partition.Topic, partition.Partition)] = partition.Committed ?? 0;
        }

        if (changed)
        {
            _logger.AssignmentChanged(GroupId, _membership.MemberId, _positions.Count);
        }
    }

    private List<ConsumedMessage> Fetch(int maxMessages, CancellationToken cancellationToken)
    {
        if (_positions.Count == 0)
        {
            return [];
        }

        List<MessageRow> rows;
        using (var connection = _dataSource.OpenConnection())
        {
            rows = [.. connection.Query<MessageRow>(FetchCommand(_positions, maxMessages, cancellationToken))];
        }

        return Advance(rows);
    }

    private void StartReadAhead(int maxMessages)
    {
        var from = new Dictionary<LogPartition, long>(_positions);
        var token = _stopping.Token;
        _readAhead = new ReadAhead(from, maxMessages, Task.Run(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token);
            return (await connection.QueryAsync<MessageRow>(FetchCommand(from, maxMessages, token))).ToList();
        }, token));
    }

    /// <returns>The batch read ahead, or null when there is none to hand out and the caller must fetch.</returns>
    private List<ConsumedMessage>? TakeReadAhead(int maxMessages, CancellationToken cancellationToken)
    {
        if (_readAhead is not { } ahead)
        {
            return null;
        }

        _readAhead = null;
        List<MessageRow> rows;
        try
        {
            ahead.Rows.Wait(cancellationToken);
            rows = ahead.Rows.Result;
        }
        catch (AggregateException)
        {
            // The fetch in turn meets the same fault, if it lasts, and reports it to the caller.
            return null;
        }

        var unmoved = ahead.From.Count == _positions.Count
            && ahead.From.All(p => _positions.TryGetValue(p.Key, out var position) && position == p.Value);
        return unmoved && ahead.Limit == maxMessages && rows.Count > 0 ? Advance(rows) : null;
    }

    private List<ConsumedMessage> Advance(List<MessageRow> rows)
    {
        foreach (var row in rows)
        {
            _positions[new LogPartition(row.Topic, row.Partition)] = row.LogOffset + 1;
        }

        return [.. rows.Select(r => r.ToMessage())];
    }

    private static CommandDefinition FetchCommand(IReadOnlyDictionary<LogPartition, long> positions, int maxMessages, CancellationToken cancellationToken)
    {
        var held = positions.ToList();
        return new CommandDefinition(FetchSql, new
        {
            topics = held.Select(h => h.Key.Topic).ToArray(),
            partitions = held.Select(h => h.Key.Partition).ToArray(),
            froms = held.Select(h => h.Value).ToArray(),
            limit = maxMessages,
        }, cancellationToken: cancellationToken);
    }

    /// <summary>A batch being read ahead: from which positions, how many messages at most, and the rows.</summary>
    private sealed record ReadAhead(Dictionary<LogPartition, long> From, int Limit, Task<List<MessageRow>> Rows);
}
