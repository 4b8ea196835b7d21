using Exchange.Testing;

namespace Exchange.Reporting.Tests;

// xunit finds collection definitions only in the test assembly itself.
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
