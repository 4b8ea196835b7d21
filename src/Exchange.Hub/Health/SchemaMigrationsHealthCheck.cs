using Exchange.Postgres;
using Exchange.Postgres.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Hub.Health;

/// <summary>
/// Every part's schema holds every migration this build ships. An external database is migrated
/// by a separate step (<c>exchange migrate</c>); a hub of a newer build started before that step
/// would otherwise take traffic against tables it does not have.
/// </summary>
internal sealed class SchemaMigrationsHealthCheck(ExchangeDatabase database) : IHealthCheck
{
    // Read from the assemblies once: a probe every few seconds need not re-read and re-hash every script.
    private readonly IReadOnlyList<(PartSchema Part, IReadOnlyList<Migration> Shipped)> _parts =
        [.. database.Parts.Select(p => (p, p.Migrations))];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        var ahead = new List<string>();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        foreach (var (part, expected) in _parts)
        {
            var applied = await part.AppliedVersionAsync(connection, cancellationToken);
            if (applied < expected.Count)
                missing.Add($"{part.Name}: {string.Join(", ", expected.Skip(applied))}");
            else if (applied > expected.Count)
                ahead.Add($"{part.Name} at version {applied}");
        }

        if (missing.Count > 0)
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"Migrations not applied (run `exchange migrate`): {string.Join("; ", missing)}.");
        // A newer hub migrated the database during a rolling upgrade: this one still works, but is on its way out.
        if (ahead.Count > 0)
            return HealthCheckResult.Degraded($"Migrated by a newer build: {string.Join("; ", ahead)}.");
        return HealthCheckResult.Healthy($"{_parts.Count} schemas at this build's version.");
    }
}
