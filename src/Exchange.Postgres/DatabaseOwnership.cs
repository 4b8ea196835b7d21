using Microsoft.Extensions.Hosting;

namespace Exchange.Postgres;

/// <summary>
/// Holds the database among the hosted services, which the host resolves all at once before it
/// starts the first: so the container has made — and will dispose — the database, stopping an
/// embedded server, however early a start fails. It does nothing itself.
/// </summary>
internal sealed class DatabaseOwnership(ExchangeDatabase database) : IHostedService
{
    // Held only so that resolving this service resolves the database.
    private readonly ExchangeDatabase _database = database;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
