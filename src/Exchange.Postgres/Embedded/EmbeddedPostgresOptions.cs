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

    /// <summary>
    /// For commands that only read beside a running hub (<c>exchange status</c>, <c>replay</c>):
    /// when a server already runs on the folder, connect to it instead of refusing, and leave it
    /// running on dispose. A hub itself never joins: two hubs on one folder would both merge.
    /// </summary>
    public bool JoinRunningServer { get; set; }

    /// <summary>
    /// A server whose data may be lost in a machine crash, never a hub's: without <c>fsync</c>,
    /// full-page writes and synchronous commits. For test runs, whose one server holds thousands of
    /// small databases: with every file synced its shutdown checkpoint outlasted the stop's time limit.
    /// </summary>
    public bool Throwaway { get; set; }

    /// <summary>The database the hub uses; created on first start.</summary>
    public string Database { get; set; } = "exchange";
}
