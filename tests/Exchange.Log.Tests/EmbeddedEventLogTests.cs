using Exchange.Log.Embedded;
using Exchange.Testing;
using Xunit.Abstractions;

namespace Exchange.Log.Tests;

/// <summary>The contract tests, and the embedded log's own guarantees, against the embedded PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class EmbeddedEventLogTests(PostgresFixture postgres, ITestOutputHelper output) : EventLogContractTests
{
    private Npgsql.NpgsqlDataSource? _dataSource;

    private Npgsql.NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("No log yet.");

    private EmbeddedEventLog Embedded => (EmbeddedEventLog)Log;

    protected override async Task<IEventLog> CreateLogAsync(int partitions)
    {
        _dataSource = await LogDatabase.CreateAsync(postgres, TestTimeout.Token());
        return new EmbeddedEventLog(
            _dataSource,
            new EmbeddedLogOptions
            {
                Partitions = partitions,
                SessionTimeout = TimeSpan.FromSeconds(5),
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            },
            new TestOutputLogger(output));
    }
}
