using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Dapper;
using Exchange.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Log.Embedded;

/// <summary>
/// The event log kept in the hub's own PostgreSQL, for a hub on one machine. Its tables live in
/// the <see cref="Schema"/> schema: give it a data source whose <c>Search Path</c> is that schema,
/// migrated with the migrations in <see cref="MigrationsAssembly"/>.
/// </summary>
public sealed class EmbeddedEventLog : IEventLog
{
    /// <summary>The PostgreSQL schema the embedded log owns.</summary>
    public const string Schema = "log";

    private const string EnsureTopicSql = """
        insert into topics (name, partitions) values (@name, @partitions) on conflict (name) do nothing;
        insert into partitions (topic, partition)
        select t.name, s.partition from topics t cross join lateral generate_series(0, t.partitions - 1) as s(partition)
        where t.name = @name
        on conflict (topic, partition) do nothing;
        """;

    private const string PartitionCountSql = "select partitions from topics where name = @topic";

    private const string WatermarksSql = """
        select coalesce((select min(m.log_offset) from messages m where m.topic = p.topic and m.partition = p.partition), p.next_offset) as Low,
               p.next_offset as High
        from partitions p
        where p.topic = @topic and p.partition = @partition
        """;

    private const string OffsetForTimeSql = """
        select coalesce(
          (select m.log_offset from messages m
           where m.topic = @topic and m.partition = @partition and m.appended_at >= @time
           order by m.appended_at, m.log_offset limit 1),
          (select next_offset from partitions where topic = @topic and partition = @partition))
        """;

    private const string ReplaySql = "select " + MessageRow.Columns + """

        from messages m
        where m.topic = @topic and m.partition = @partition and m.log_offset >= @from and m.log_offset < @end
        order by m.log_offset
        limit @limit
        """;

    // Timestamps never go backwards within a partition, so this removes a prefix of each partition;
    // the head rows keep next_offset, so offsets are never reused.
    private const string RetentionSql = "delete from messages where appended_at < now() - @maxAge";

    private const int ReplayPage = 500;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EmbeddedLogOptions _options;
    private readonly ILogger _logger;
    private readonly EmbeddedAppender _appender;
    private readonly ConcurrentDictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);

    /// <summary>Uses tables in <paramref name="dataSource"/>'s search path (the <see cref="Schema"/> schema, migrated).</summary>
    public EmbeddedEventLog(NpgsqlDataSource dataSource, EmbeddedLogOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
        _appender = new EmbeddedAppender(dataSource);
    }

    /// <summary>The assembly whose embedded <c>Migrations/NNNN_name.sql</c> create the log's tables.</summary>
    public static Assembly MigrationsAssembly => typeof(EmbeddedEventLog).Assembly;

    /// <summary>The embedded log's schema and migrations, for the database's one data source.</summary>
    public static PartSchema Part { get; } = new(Schema, MigrationsAssembly);

    /// <inheritdoc />
    public int DefaultPartitions => _options.Partitions;

    /// <inheritdoc />
    public Task EnsureStandardTopicsAsync(CancellationToken cancellationToken = default) =>
        EnsureTopicsAsync(Topics.All, _options.Partitions, cancellationToken);

    /// <inheritdoc />
    public async Task EnsureTopicsAsync(IEnumerable<string> topics, int partitions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var name in topics)
        {
            var created = await connection.ExecuteAsync(new CommandDefinition(
                EnsureTopicSql, new { name, partitions }, cancellationToken: cancellationToken));
            if (created > 0)
            {
                _logger.TopicCreated(name, partitions);
            }
        }
    }

    /// <inheritdoc />
    public async Task<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken = default)
    {
        if (_partitionCounts.TryGetValue(topic, out var cached))
        {
            return cached;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var count = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            PartitionCountSql, new { topic }, cancellationToken: cancellationToken));
        if (count is { } known)
        {
            // A topic's partition count never changes once created.
            _partitionCounts[topic] = known;
        }

        return count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogPosition>> AppendAsync(
        string topic, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        var partitions = await GetPartitionCountAsync(topic, cancellationToken)
            ?? throw new EventLogException($"Topic '{topic}' does not exist.");
        return await _appender.AppendAsync(topic, partitions, messages, cancellationToken);
    }

    /// <inheritdoc />
    public IEventLogConsumer CreateConsumer(string groupId) => new EmbeddedEventLogConsumer(_dataSource, _options, groupId, _logger);

    /// <inheritdoc />
    public async Task<PartitionWatermarks> GetWatermarksAsync(string topic, int partition, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<WatermarksRow>(new CommandDefinition(
            WatermarksSql, new { topic, partition }, cancellationToken: cancellationToken))
            ?? throw new EventLogException($"Topic '{topic}' has no partition {partition}.");
        return new PartitionWatermarks(row.Low, row.High);
    }

    /// <inheritdoc />
    public async Task<long> OffsetForTimeAsync(string topic, int partition, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            OffsetForTimeSql, new { topic, partition, time = time.UtcDateTime }, cancellationToken: cancellationToken))
            ?? throw new EventLogException($"Topic '{topic}' has no partition {partition}.");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsumedMessage> ReplayAsync(
        string topic, int partition, long fromOffset, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var end = (await GetWatermarksAsync(topic, partition, cancellationToken)).High;
        var from = fromOffset;
        while (from < end)
        {
            List<MessageRow> page;
            await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
            {
                page = [.. await connection.QueryAsync<MessageRow>(new CommandDefinition(
                    ReplaySql, new { topic, partition, from, end, limit = ReplayPage }, cancellationToken: cancellationToken))];
            }

            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var row in page)
            {
                yield return row.ToMessage();
            }

            from = page[^1].LogOffset + 1;
        }
    }

    /// <summary>
    /// Deletes messages appended more than <paramref name="maxAge"/> ago, in every partition. Offsets
    /// are never reused: the next message still gets the partition's next offset, and the low
    /// watermark moves up.
    /// </summary>
    /// <returns>How many messages were deleted.</returns>
    public async Task<long> ApplyRetentionAsync(TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(RetentionSql, new { maxAge }, cancellationToken: cancellationToken));
        _logger.RetentionApplied(deleted, maxAge);
        return deleted;
    }

    /// <summary>The data source belongs to the caller; nothing to release here.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record WatermarksRow(long Low, long High);
}
