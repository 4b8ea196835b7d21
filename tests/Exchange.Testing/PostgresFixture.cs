using System.Collections.Concurrent;
using Exchange.Postgres;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Testing;

/// <summary>
/// One embedded PostgreSQL for the whole test run, in a fresh folder; each test takes its own
/// database so tests never depend on each other's order. Missing binaries fail the run here
/// (InitializeAsync throws) — they are never a reason to skip.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("exchange-index-fixture");
    private readonly ConcurrentBag<NpgsqlDataSource> _dataSources = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _templates = new(StringComparer.Ordinal);
    private EmbeddedPostgres? _server;
    private NpgsqlDataSource? _admin;

    public EmbeddedPostgres Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = _folder.Path, MaxConnections = 500, Throwaway = true }, NullLogger.Instance, TestTimeout.Token());
        _admin = NpgsqlDataSource.Create(_server.ConnectionStringFor("postgres"));
    }

    /// <summary>Creates an empty database with a unique name and returns its data source (disposed with the fixture).</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        Open(await CreateAsync(template: null, cancellationToken));

    /// <summary>
    /// Creates a database holding the schemas of <paramref name="parts"/> with every migration
    /// applied, as a copy of a template this fixture migrates the first time those parts are asked
    /// for: a copy takes tens of milliseconds where migrating takes hundreds, in each of the
    /// hundreds of tests that start a hub. A hub started on it finds nothing left to apply.
    /// </summary>
    public async Task<NpgsqlDataSource> CreateMigratedDatabaseAsync(IReadOnlyList<PartSchema> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var key = string.Join(',', parts.Select(p => p.Name));
        var template = _templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => CreateTemplateAsync(parts)));
        return Open(await CreateAsync(await template.Value.WaitAsync(cancellationToken), cancellationToken));
    }

    private async Task<string> CreateTemplateAsync(IReadOnlyList<PartSchema> parts)
    {
        var name = await CreateAsync(template: null, TestTimeout.Token());
        // Disposed before any copy: PostgreSQL copies no database that has a session.
        await using (await ExchangeDatabase.OpenAsync(
            Server.ConnectionStringFor(name), new DatabaseOptions { MigrateOnStart = true }, parts, NullLogger.Instance, TestTimeout.Token()))
        {
        }
        return name;
    }

    // A new database with a unique name, empty or as a copy of a template; returns its name.
    private async Task<string> CreateAsync(string? template, CancellationToken cancellationToken)
    {
        var name = $"test_{Guid.NewGuid():N}";
        var from = template is null ? "" : $" template \"{template}\"";
        await using (var command = _admin!.CreateCommand($"create database \"{name}\"{from}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return name;
    }

    /// <summary>
    /// With <paramref name="refuse"/>, the database takes no new session and the sessions it has
    /// end, as when its server stops or fails over; without, it takes sessions again.
    /// </summary>
    public async Task RefuseSessionsAsync(string database, bool refuse, CancellationToken cancellationToken = default)
    {
        await using (var allow = _admin!.CreateCommand($"alter database \"{database}\" allow_connections {(refuse ? "false" : "true")}"))
            await allow.ExecuteNonQueryAsync(cancellationToken);
        if (!refuse)
            return;
        await using var terminate = _admin.CreateCommand("select pg_terminate_backend(pid) from pg_stat_activity where datname = @Database");
        terminate.Parameters.AddWithValue("Database", database);
        await terminate.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlDataSource Open(string database)
    {
        var dataSource = NpgsqlDataSource.Create(Server.ConnectionStringFor(database));
        _dataSources.Add(dataSource);
        return dataSource;
    }

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.StopAsync(TestTimeout.Token());
        }

        _folder.Dispose();
    }
}
