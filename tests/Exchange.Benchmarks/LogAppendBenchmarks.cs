using BenchmarkDotNet.Attributes;
using Exchange.Postgres.Embedded;
using Exchange.Postgres.Migrations;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Log.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Benchmarks;

/// <summary>
/// Appends a batch of 1,000 messages of about 1 KB to the embedded log (its own PostgreSQL) and to
/// the Kafka log (librdkafka's mock cluster, in process). Times are per message
/// (OperationsPerInvoke): messages/s = 1e9 / Mean[ns].
/// dotnet run -c Release --project tests/Exchange.Benchmarks -- --filter '*LogAppend*'
/// </summary>
[MemoryDiagnoser]
public class LogAppendBenchmarks
{
    private const int BatchSize = 1_000;
    private const string Topic = "bench.append";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"exchange-log-bench-{Guid.NewGuid():N}");
    private EmbeddedPostgres? _postgres;
    private NpgsqlDataSource? _dataSource;
    private IEventLog _log = null!;
    private List<LogMessage> _batch = [];

    [Params("embedded", "kafka-mock")]
    public string Log { get; set; } = "embedded";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var value = new byte[1_000];
        Random.Shared.NextBytes(value);
        _batch = [.. Enumerable.Range(0, BatchSize).Select(i => new LogMessage(
            $"subject-{i:D6}",
            new Dictionary<string, string>
            {
                ["ce_id"] = Guid.NewGuid().ToString(),
                ["ce_type"] = "org.graduate-exchange.graduate.v1",
                ["ce_specversion"] = "1.0",
                ["content-type"] = "application/json",
            },
            value))];

        _log = Log == "embedded" ? await StartEmbeddedAsync() : new KafkaEventLog(new KafkaLogOptions { Mock = 3 }, NullLogger.Instance);
        await _log.EnsureTopicsAsync([Topic], 6);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task<IReadOnlyList<LogPosition>> AppendBatch() => _log.AppendAsync(Topic, _batch);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _log.DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.StopAsync(CancellationToken.None);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<IEventLog> StartEmbeddedAsync()
    {
        _postgres = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = _folder }, NullLogger.Instance, CancellationToken.None);
        await using (var admin = NpgsqlDataSource.Create(_postgres.ConnectionString))
        await using (var command = admin.CreateCommand($"create schema if not exists {EmbeddedEventLog.Schema}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { SearchPath = EmbeddedEventLog.Schema }.ConnectionString);
        await new MigrationRunner(MigrationSource.FromAssembly(EmbeddedEventLog.MigrationsAssembly), NullLogger.Instance)
            .ApplyAsync(_dataSource, CancellationToken.None);
        return new EmbeddedEventLog(_dataSource, new EmbeddedLogOptions(), NullLogger.Instance);
    }
}
