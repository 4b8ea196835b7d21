using Npgsql;

namespace Exchange.Postgres;

/// <summary>
/// The configured database cannot be used at the start: nothing answers, it refuses the sign-in,
/// it does not exist, or it was never migrated. Its message says which and what to check, and
/// never holds a password.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException()
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when <paramref name="exception"/> says the database could not be reached or ended the session, not that a statement failed.</summary>
    public static bool IsConnectionFailure(Exception exception) => exception switch
    {
        // FATAL ends the session: a refused sign-in, no such database, one not accepting sessions,
        // the server starting, shutting down or full. A statement's own failure is an ERROR.
        PostgresException server => server.InvariantSeverity is "FATAL" or "PANIC",
        // No server error at all: the network, a timeout, TLS, a pool with no connection to give.
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>Names the server, database and role of <paramref name="connectionString"/> (never its password) and what went wrong.</summary>
    public static DatabaseUnavailableException ConnectionFailed(string connectionString, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new DatabaseUnavailableException($"{Where(connectionString)}: {Reason(exception)}. Check ConnectionStrings:Exchange.", exception);
    }

    /// <summary>Host, port, database and user of a connection string.</summary>
    internal static string Where(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}, database {builder.Database ?? builder.Username}, user {builder.Username}";
    }

    // The server's own words where it answered, else each layer's message (Npgsql's, then the socket's).
    private static string Reason(Exception exception)
    {
        if (exception is PostgresException server)
            return $"{server.SqlState}: {server.MessageText}";
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message, StringComparer.Ordinal))
                messages.Add(e.Message.TrimEnd('.'));
        }
        return string.Join(": ", messages);
    }
}
