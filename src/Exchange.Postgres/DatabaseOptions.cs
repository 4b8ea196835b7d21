namespace Exchange.Postgres;

/// <summary>Where the hub's PostgreSQL is: an external server by connection string, else an embedded one.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Exchange:Postgres";

    /// <summary>
    /// The embedded server's data folder; ignored when <c>ConnectionStrings:Exchange</c> is set. Generated
    /// secrets are kept in <c>secrets/</c> beside it. When the hub runs as root the server runs as the
    /// <c>postgres</c> user, who must be able to reach the folder.
    /// </summary>
    public string DataDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, ".data", "postgres");

    /// <summary>Where the server binaries are; found automatically when unset.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Apply migrations at start-up. True for the embedded server; for an external one migrating is an explicit step.</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>
    /// With an external database and <c>ConnectionStrings:ExchangeMigration</c>: the password
    /// <c>exchange migrate</c> gives the <c>exchange_runtime</c> role, letting it sign in (the
    /// hub's <c>ConnectionStrings:Exchange</c> then names that role). Unset: the role is made
    /// without a login, for an administrator to enable. The embedded server generates its own.
    /// </summary>
    public string? RuntimePassword { get; set; }
}
