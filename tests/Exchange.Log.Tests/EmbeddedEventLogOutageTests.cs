using Exchange.Testing;
using Npgsql;

namespace Exchange.Log.Tests;

/// <summary>A consumer of the embedded log when its database goes away (a restart, a failover).</summary>
public sealed partial class EmbeddedEventLogTests
{
    [Fact]
    public async Task A_consumer_disposed_while_the_database_refused_sessions_threw_from_dispose_which_stopped_the_hub()
    {
        var topic = await NewTopicAsync(2);
        await Log.AppendAsync(topic, Messages(4));
        var consumer = Subscribe(NewGroup(), topic);
        var consumed = consumer.Consume(10, TimeSpan.FromSeconds(5));
        Assert.NotEmpty(consumed);

        var database = new NpgsqlConnectionStringBuilder(DataSource.ConnectionString).Database!;
        await postgres.RefuseSessionsAsync(database, refuse: true, TestTimeout.Token());
        try
        {
            // Leaving the group cannot reach the database: the leases then expire by themselves, and the caller,
            // which disposes the consumer on its way out of an outage, must be able to go on and retry.
            var thrown = Record.Exception(consumer.Dispose);
            Assert.Null(thrown);
        }
        finally
        {
            await postgres.RefuseSessionsAsync(database, refuse: false, TestTimeout.Token());
        }
    }
}
