using System.Text.Json;
using Exchange.Adapters.Ingest;
using Exchange.Adapters.Pull;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Postgres.Migrations;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Adapters.Tests;

/// <summary>
/// A fresh database holding the embedded event log (schema <c>log</c>) and the ingest tables
/// (schema <c>ingest</c>), and a pipeline over them, as the hub wires it.
/// </summary>
internal sealed class IngestHarness : IAsyncDisposable
{
    public const string Secret = "test-deployment-secret-of-at-least-32-bytes!";

    private static readonly SemaphoreSlim s_validatorLock = new(1, 1);
    private static RecordValidator? s_validator;

    private IngestHarness(NpgsqlDataSource logSource, NpgsqlDataSource ingestSource, EmbeddedEventLog log, RecordValidator validator, ILogger logger)
    {
        LogSource = logSource;
        IngestSource = ingestSource;
        Log = log;
        Logger = logger;
        Duplicates = new DuplicateRegistry(ingestSource);
        Checkpoints = new CheckpointStore(ingestSource);
        Pipeline = NewPipeline(validator);
    }

    public NpgsqlDataSource LogSource { get; }
    public NpgsqlDataSource IngestSource { get; }
    public EmbeddedEventLog Log { get; }
    public ILogger Logger { get; }
    public DuplicateRegistry Duplicates { get; }
    public CheckpointStore Checkpoints { get; }
    public IngestPipeline Pipeline { get; }

    public static async Task<IngestHarness> CreateAsync(PostgresFixture fixture, ILogger? logger = null)
    {
        var ct = TestTimeout.Token();
        var database = await fixture.CreateDatabaseAsync(ct);
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        var logSource = await SchemaSourceAsync(fixture, database, name, EmbeddedEventLog.Schema, EmbeddedEventLog.MigrationsAssembly, ct);
        var ingestSource = await SchemaSourceAsync(fixture, database, name, IngestSchema.Name, IngestSchema.MigrationsAssembly, ct);
        var log = new EmbeddedEventLog(logSource, new EmbeddedLogOptions { Partitions = 2 }, NullLogger.Instance);
        await log.EnsureStandardTopicsAsync(ct);
        return new IngestHarness(logSource, ingestSource, log, await ValidatorAsync(ct), logger ?? NullLogger.Instance);
    }

    /// <summary>
    /// A second pipeline over the same database: what a restarted process builds; through
    /// <paramref name="log"/> when given (e.g. one that fails on purpose).
    /// </summary>
    public IngestPipeline NewPipeline(RecordValidator? validator = null, IEventLog? log = null) => new(
        validator ?? s_validator!,
        new Pseudonymiser(new LinkageKeys(System.Text.Encoding.UTF8.GetBytes(Secret)), TimeProvider.System),
        log ?? Log,
        new DuplicateRegistry(IngestSource),
        Logger);

    /// <summary>Messages stored in a topic, over all partitions.</summary>
    public async Task<long> CountAsync(string topic)
    {
        var partitions = await Log.GetPartitionCountAsync(topic) ?? 0;
        long total = 0;
        for (var p = 0; p < partitions; p++)
        {
            var marks = await Log.GetWatermarksAsync(topic, p);
            total += marks.High - marks.Low;
        }
        return total;
    }

    public Task<long> CountAsync(RecordKind kind) => CountAsync(Topics.For(kind));

    /// <summary>Every message of a topic.</summary>
    public async Task<List<ConsumedMessage>> ReadAllAsync(string topic)
    {
        var messages = new List<ConsumedMessage>();
        var partitions = await Log.GetPartitionCountAsync(topic) ?? 0;
        for (var p = 0; p < partitions; p++)
        {
            await foreach (var message in Log.ReplayAsync(topic, p, 0))
                messages.Add(message);
        }
        return messages;
    }

    /// <summary>The records of a sample file, one JSON object each.</summary>
    public static IReadOnlyList<byte[]> Sample(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", fileName)));
        return [.. document.RootElement.EnumerateArray().Select(e => JsonSerializer.SerializeToUtf8Bytes(e))];
    }

    public static string Payload(string fileName) => Path.Combine(AppContext.BaseDirectory, "Payloads", fileName);

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await LogSource.DisposeAsync();
        await IngestSource.DisposeAsync();
    }

    private static async Task<RecordValidator> ValidatorAsync(CancellationToken ct)
    {
        await s_validatorLock.WaitAsync(ct);
        try
        {
            return s_validator ??= await RecordValidator.CreateShippedAsync(ct);
        }
        finally
        {
            s_validatorLock.Release();
        }
    }

    private static async Task<NpgsqlDataSource> SchemaSourceAsync(
        PostgresFixture fixture, NpgsqlDataSource database, string name, string schema, System.Reflection.Assembly migrations, CancellationToken ct)
    {
        await using (var command = database.CreateCommand($"create schema if not exists {schema}"))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        // A data source's connection string leaves the password out; build from the server's.
        var builder = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionStringFor(name)) { SearchPath = schema };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await new MigrationRunner(MigrationSource.FromAssembly(migrations), NullLogger.Instance).ApplyAsync(dataSource, ct);
        return dataSource;
    }
}
