namespace Exchange.Postgres.Migrations;

/// <summary>The migrations cannot be applied: the set is malformed or disagrees with the database.</summary>
public sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
