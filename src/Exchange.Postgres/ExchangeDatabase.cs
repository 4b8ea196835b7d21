using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Postgres;

/// <summary>
/// The hub's database: one data source shared by every part, each part in its own schema, the
/// data source's search path listing them all so that a part's plain table names resolve to its
/// own schema. Owns the embedded server when there is one.
/// </summary>
public sealed class ExchangeDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _embedded;
    private readonly RoleSetup? _roles;

    private ExchangeDatabase(string connectionString, IReadOnlyList<PartSchema> parts, EmbeddedPostgres? embedded, RoleSetup? roles)
    {
        _embedded = embedded;
        _roles = roles;
        Parts = parts;
        DataSource = Create(connectionString, parts);
    }

    // How migrations reach the database when the hub itself runs as the runtime role: the
    // connection of a role that may create roles and act as the owner, and the runtime role's password.
    private sealed record RoleSetup(string AdminConnectionString, string? RuntimePassword);

    /// <summary>The parts whose schemas this database holds, in migration order.</summary>
    public IReadOnlyList<PartSchema> Parts { get; }

    /// <summary>The one data source of the database.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>True when the hub runs its own PostgreSQL.</summary>
    public bool IsEmbedded => _embedded is not null;

    /// <summary>The embedded server this instance started, and stops; null with an external database or one joined.</summary>
    public EmbeddedPostgres? StartedEmbeddedServer => _embedded is { JoinedRunningServer: false } ? _embedded : null;

    /// <summary>
    /// A data source on <paramref name="connectionString"/> whose search path is the schemas of
    /// <paramref name="parts"/> in order, then <c>public</c>.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, IEnumerable<PartSchema> parts)
    {
        var schemas = parts.Select(p => p.Name).Append("public").Distinct(StringComparer.Ordinal);
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = string.Join(',', schemas) }.ConnectionString);
        // A command is traced only as part of an operation that is (a push, a merge, a read):
        // the log's polls and the listeners' checks would otherwise each start a trace of their own.
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null)
            .ConfigureBatchFilter(_ => System.Diagnostics.Activity.Current is not null));
        return builder.Build();
    }

    /// <summary>
    /// Connects to the configured server, or starts the embedded one (or, for a command that only
    /// reads, joins the embedded one a running hub started: <paramref name="joinRunningEmbeddedServer"/>);
    /// migrates when the options say so, except a joined server, which its hub has migrated.
    /// </summary>
    /// <remarks>
    /// The embedded server's hub signs in as <see cref="DatabaseRoles.Runtime"/> with a generated
    /// password, and migrates as the superuser acting as <see cref="DatabaseRoles.Owner"/>. With an
    /// external database, <paramref name="migrationConnectionString"/> (an administrator's or the
    /// owner's) does the same for <c>exchange migrate</c>; without it, migrations run as the
    /// connection's own role, which then owns the schemas.
    /// </remarks>
    public static async Task<ExchangeDatabase> OpenAsync(
        string? connectionString, DatabaseOptions options, IReadOnlyList<PartSchema> parts, ILogger logger, CancellationToken cancellationToken,
        bool joinRunningEmbeddedServer = false, string? migrationConnectionString = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmbeddedPostgres? embedded = null;
        RoleSetup? roles = string.IsNullOrWhiteSpace(migrationConnectionString) ? null : new RoleSetup(migrationConnectionString, options.RuntimePassword);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = options.DataDirectory, BinDirectory = options.BinDirectory, JoinRunningServer = joinRunningEmbeddedServer },
                logger, cancellationToken);
            connectionString = embedded.ConnectionString;
            if (!embedded.JoinedRunningServer)
            {
                var runtimePassword = await embedded.RuntimePasswordAsync(cancellationToken);
                roles = new RoleSetup(embedded.ConnectionString, runtimePassword);
                connectionString = new NpgsqlConnectionStringBuilder(embedded.ConnectionString) { Username = DatabaseRoles.Runtime, Password = runtimePassword }.ConnectionString;
            }
        }

        var database = new ExchangeDatabase(connectionString, parts, embedded, roles);
        try
        {
            if (embedded is not { JoinedRunningServer: true } && (options.MigrateOnStart ?? embedded is not null))
                await database.MigrateAsync(logger, cancellationToken);
            else if (embedded is { JoinedRunningServer: false })
                await database.GrantAsync(cancellationToken);
            return database;
        }
        catch (Exception exception) when (embedded is null && DatabaseUnavailableException.IsConnectionFailure(exception))
        {
            await database.DisposeAsync();
            throw DatabaseUnavailableException.ConnectionFailed(connectionString, exception);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Refuses a database that cannot serve the hub: one that does not answer or refuses the
    /// session, and one where a part's schema was never migrated — an external database is
    /// migrated by <c>exchange migrate</c>, never by an instance. A part behind this build's
    /// migrations (a rolling upgrade) is the readiness check's to report, not a refusal.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">Which, and what to do.</exception>
    public async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        var never = new List<string>();
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            foreach (var part in Parts)
            {
                if (await part.AppliedVersionAsync(connection, cancellationToken) == 0)
                    never.Add(part.Name);
            }
        }
        catch (Exception exception) when (DatabaseUnavailableException.IsConnectionFailure(exception))
        {
            throw DatabaseUnavailableException.ConnectionFailed(DataSource.ConnectionString, exception);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new DatabaseUnavailableException($"{DatabaseUnavailableException.Where(DataSource.ConnectionString)} may not read the hub's schemas " +
                $"({exception.MessageText}): sign in as {DatabaseRoles.Runtime}, the role `exchange migrate` grants what the hub needs, and run it again after an upgrade (docs/deployment.md).", exception);
        }

        if (never.Count > 0)
            throw new DatabaseUnavailableException($"{DatabaseUnavailableException.Where(DataSource.ConnectionString)} has never been migrated " +
                $"(no migration applied in the schemas {string.Join(", ", never)}): run `exchange migrate` with an administrator's connection before the hub starts on it (docs/deployment.md).");
    }

    /// <summary>Applies each part's pending migrations in its own schema; returns what was applied, by schema.</summary>
    /// <remarks>
    /// With the roles in use (the embedded server, or a migration connection), the roles are made
    /// first, the parts' objects given to the owner, the migrations run as the owner, and the
    /// runtime role granted what it needs afterwards.
    /// </remarks>
    public async Task<IReadOnlyList<(PartSchema Part, IReadOnlyList<Migrations.Migration> Applied)>> MigrateAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var applied = new List<(PartSchema, IReadOnlyList<Migrations.Migration>)>();
        if (_roles is null)
        {
            foreach (var part in Parts)
                applied.Add((part, await part.MigrateAsync(DataSource, logger, cancellationToken)));
            return applied;
        }

        await using var admin = Create(_roles.AdminConnectionString, Parts);
        await using (var connection = await admin.OpenConnectionAsync(cancellationToken))
        {
            await DatabaseRoles.EnsureAsync(connection, _roles.RuntimePassword, cancellationToken);
            await DatabaseRoles.TakeOwnershipAsync(connection, Parts, cancellationToken);
        }
        foreach (var part in Parts)
            applied.Add((part, await part.MigrateAsync(admin, logger, cancellationToken, DatabaseRoles.Owner)));
        await using (var connection = await admin.OpenConnectionAsync(cancellationToken))
            await DatabaseRoles.GrantRuntimeAsync(connection, Parts, cancellationToken);
        return applied;
    }

    // The embedded hub started without migrating: its runtime role still needs its grants.
    private async Task GrantAsync(CancellationToken cancellationToken)
    {
        await using var admin = Create(_roles!.AdminConnectionString, Parts);
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await DatabaseRoles.EnsureAsync(connection, _roles.RuntimePassword, cancellationToken);
        await DatabaseRoles.GrantRuntimeAsync(connection, Parts, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_embedded is not null)
            await _embedded.DisposeAsync();
    }
}
