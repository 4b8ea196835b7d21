using System.Collections.Concurrent;
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
    public async Task<NpgsqlDataSource> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var command = _admin!.CreateCommand($"create database \"{name}\""))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var dataSource = NpgsqlDataSource.Create(Server.ConnectionStringFor(name));
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
