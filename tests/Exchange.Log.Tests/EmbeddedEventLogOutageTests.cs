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
        await RefuseSessionsAsync(database, refuse: true);
        try
        {
            // Leaving the group cannot reach the database: the leases then expire by themselves, and the caller,
            // which disposes the consumer on its way out of an outage, must be able to go on and retry.
            var thrown = Record.Exception(consumer.Dispose);
            Assert.Null(thrown);
        }
        finally
        {
            await RefuseSessionsAsync(database, refuse: false);
        }
    }

    // The database takes no new session, and the sessions it has end, as when its server stops.
    private async Task RefuseSessionsAsync(string database, bool refuse)
    {
        await using var admin = NpgsqlDataSource.Create(postgres.Server.ConnectionStringFor("postgres"));
        await using (var allow = admin.CreateCommand($"alter database \"{database}\" allow_connections {(refuse ? "false" : "true")}"))
            await allow.ExecuteNonQueryAsync(TestTimeout.Token());
        if (!refuse)
            return;
        await using var terminate = admin.CreateCommand("select pg_terminate_backend(pid) from pg_stat_activity where datname = @Database");
        terminate.Parameters.AddWithValue("Database", database);
        await terminate.ExecuteNonQueryAsync(TestTimeout.Token());
    }
}
