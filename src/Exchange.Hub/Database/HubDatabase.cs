using Exchange.Access;
using Exchange.Adapters;
using Exchange.Index;
using Exchange.Log.Embedded;
using Exchange.Postgres;
using Exchange.Postgres.Embedded;
using Npgsql;

namespace Exchange.Hub.Database;

/// <summary>
/// The hub's database: one data source shared by every part, each in its own schema (index in
/// <c>public</c>, then <c>access</c>, <c>log</c>, <c>ingest</c> and <c>hub</c>). Owns the embedded
/// server when there is one.
/// </summary>
public sealed class HubDatabase : IAsyncDisposable
{
    /// <summary>The host's own schema: stored idempotent answers.</summary>
    public static PartSchema HubSchema { get; } = new("hub", typeof(HubDatabase).Assembly);

    /// <summary>Every part's schema, in the order they are migrated.</summary>
    public static IReadOnlyList<PartSchema> Parts { get; } = [IndexSchema.Part, AccessSchema.Part, EmbeddedEventLog.Part, IngestSchema.Part, HubSchema];

    private readonly EmbeddedPostgres? _embedded;

    private HubDatabase(string connectionString, EmbeddedPostgres? embedded)
    {
        _embedded = embedded;
        DataSource = ExchangeDatabase.Create(connectionString, Parts);
    }

    /// <summary>The one data source of the database; its search path lists every part's schema.</summary>
    public NpgsqlDataSource DataSource { get; }

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

    /// <summary>Applies each part's migrations in its own schema.</summary>
    public async Task MigrateAsync(ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var part in Parts)
            await part.MigrateAsync(DataSource, logger, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_embedded is not null)
            await _embedded.DisposeAsync();
    }
}
