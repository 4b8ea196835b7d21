using Exchange.Index.Embedded;
using Exchange.Index.Migrations;
using Npgsql;

namespace Exchange.Hub.Database;

/// <summary>
/// The hub's two data sources over one database: the index's (schema <c>public</c>) and access's
/// (schema <c>access</c>). Owns the embedded server when there is one.
/// </summary>
public sealed class HubDatabase : IAsyncDisposable
{
    public const string AccessSchema = "access";
    public const string LogSchema = Exchange.Log.Embedded.EmbeddedEventLog.Schema;
    public const string IngestSchema = "ingest";
    public const string HubSchema = "hub";

    private readonly EmbeddedPostgres? _embedded;

    private HubDatabase(string connectionString, EmbeddedPostgres? embedded)
    {
        _embedded = embedded;
        Index = NpgsqlDataSource.Create(connectionString);
        Access = WithSearchPath(connectionString, AccessSchema);
        Log = WithSearchPath(connectionString, LogSchema);
        Ingest = WithSearchPath(connectionString, IngestSchema);
        Hub = WithSearchPath(connectionString, HubSchema);
    }

    private static NpgsqlDataSource WithSearchPath(string connectionString, string schema) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString);

    /// <summary>The index's data source.</summary>
    public NpgsqlDataSource Index { get; }

    /// <summary>The access layer's data source (agreements, consents, audit).</summary>
    public NpgsqlDataSource Access { get; }

    /// <summary>The embedded event log's data source.</summary>
    public NpgsqlDataSource Log { get; }

    /// <summary>The ingest path's data source (duplicate registry, pull checkpoints).</summary>
    public NpgsqlDataSource Ingest { get; }

    /// <summary>The host's own tables (idempotent answers).</summary>
    public NpgsqlDataSource Hub { get; }

    /// <summary>True when the hub runs its own PostgreSQL.</summary>
    public bool IsEmbedded => _embedded is not null;

    /// <summary>Connects to the configured server, or starts the embedded one; migrates when asked to.</summary>
    public static async Task<HubDatabase> OpenAsync(string? connectionString, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        EmbeddedPostgres? embedded = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = options.DataDirectory, BinDirectory = options.BinDirectory },
                logger, cancellationToken);
            connectionString = embedded.ConnectionString;
        }

        var database = new HubDatabase(connectionString, embedded);
        try
        {
            if (options.MigrateOnStart ?? embedded is not null)
                await database.MigrateAsync(logger, cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies each part's migrations in its own schema: index (public), access, log, ingest.</summary>
    public async Task MigrateAsync(ILogger logger, CancellationToken cancellationToken)
    {
        await MigrationRunner.ForIndexSchema(logger).ApplyAsync(Index, cancellationToken);
        foreach (var (schema, dataSource, assembly) in PartSchemas())
        {
            await using (var command = Index.CreateCommand($"create schema if not exists {schema}"))
                await command.ExecuteNonQueryAsync(cancellationToken);
            await new MigrationRunner(MigrationSource.FromAssembly(assembly), logger).ApplyAsync(dataSource, cancellationToken);
        }
    }

    private IEnumerable<(string Schema, NpgsqlDataSource DataSource, System.Reflection.Assembly Migrations)> PartSchemas()
    {
        yield return (AccessSchema, Access, typeof(Exchange.Access.Clients.ClientIdentity).Assembly);
        yield return (LogSchema, Log, Exchange.Log.Embedded.EmbeddedEventLog.MigrationsAssembly);
        yield return (IngestSchema, Ingest, typeof(Exchange.Adapters.Ingest.IngestPipeline).Assembly);
        yield return (HubSchema, Hub, typeof(HubDatabase).Assembly);
    }

    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        await Access.DisposeAsync();
        await Log.DisposeAsync();
        await Ingest.DisposeAsync();
        await Hub.DisposeAsync();
        if (_embedded is not null)
            await _embedded.DisposeAsync();
    }
}
