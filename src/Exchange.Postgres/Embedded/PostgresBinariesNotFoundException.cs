namespace Exchange.Postgres.Embedded;

/// <summary>
/// No usable PostgreSQL server binaries (initdb, pg_ctl, postgres) were found, so the embedded
/// database cannot start. The message says where the hub looked and how to fix it.
/// </summary>
public sealed class PostgresBinariesNotFoundException : Exception
{
    public const string Remedy =
        "Install the PostgreSQL server package (on Debian/Ubuntu: apt-get install postgresql), " +
        "or set Exchange:Postgres:BinDirectory to the folder that holds initdb, pg_ctl and postgres, " +
        "or set ConnectionStrings:Exchange to use an external PostgreSQL server instead of the embedded one.";

    public PostgresBinariesNotFoundException()
        : base("No PostgreSQL server binaries were found. " + Remedy)
    {
    }

    public PostgresBinariesNotFoundException(string message)
        : base(message)
    {
    }

    public PostgresBinariesNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<string> SearchedLocations { get; init; } = [];
}
