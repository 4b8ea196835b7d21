using Microsoft.Extensions.Hosting;

namespace Exchange.Postgres;

/// <summary>
/// Holds the database among the hosted services, which the host resolves all at once before it
/// starts the first: so the container has made — and will dispose — the database, stopping an
/// embedded server, however early a start fails. It does nothing itself.
/// </summary>
internal sealed class DatabaseOwnership(ExchangeDatabase database) : IHostedService
{
    /// <summary>The database this keeps owned by the container.</summary>
    public ExchangeDatabase Database { get; } = database;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
