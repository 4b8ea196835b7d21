using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Exchange.Access.Decisions;

/// <summary>
/// Keeps the decision point's cached snapshot fresh when another hub instance changes an
/// agreement or a consent: PostgreSQL NOTIFY reaches every instance sharing the database. The
/// cache reconnects by itself and invalidates on every reconnect.
/// </summary>
internal sealed class PolicyChangeListener(PolicySnapshotCache cache, NpgsqlDataSource database) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => cache.ListenAsync(database, stoppingToken);
}
