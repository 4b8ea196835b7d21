namespace Exchange.Postgres.Embedded;

/// <summary>Where and how the hub runs its private PostgreSQL when no connection string is configured.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>The hub's folder for the database: it holds the cluster, the server log and the superuser password.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>Folder with initdb, pg_ctl and postgres; null to look them up (Exchange:Postgres:BinDirectory).</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Port on 127.0.0.1; null picks a free one at each start.</summary>
    public int? Port { get; set; }

    /// <summary>The server's connection limit; test runs that keep many databases open raise it.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>The database the hub uses; created on first start.</summary>
    public string Database { get; set; } = "exchange";
}
