namespace Exchange.Postgres.Embedded;

/// <summary>
/// The embedded PostgreSQL could not be prepared, started or stopped. When the server itself
/// failed, the message ends with the tail of its log so the cause is visible without digging.
/// </summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException()
    {
    }

    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
