using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// A stopped hub must let go of its database: connections it leaves open count against the
/// server's max_connections, so a few restarts (or a test run) lock every client out.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HubShutdownTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stopped_hub_leaves_no_connection_open_to_its_database()
    {
        var hub = await HubHost.StartAsync(postgres);
        var database = new NpgsqlConnectionStringBuilder(hub.Database.ConnectionString).Database!;
        using (var http = hub.ClientFor(TestClients.Steward))
            (await http.GetAsync("/v1/steward/agreements", TestTimeout.Token())).Dispose();
        await hub.DisposeAsync();

        await using var admin = NpgsqlDataSource.Create(postgres.Server.ConnectionStringFor("postgres"));
        await using var command = admin.CreateCommand("select count(*) from pg_stat_activity where datname = @database");
        command.Parameters.AddWithValue("database", database);
        long open = -1;
        // Closing a connection is asynchronous on the server side: give it a moment.
        for (var attempt = 0; attempt < 20 && open != 0; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(100, TestTimeout.Token());
            open = (long)(await command.ExecuteScalarAsync(TestTimeout.Token()))!;
        }
        Assert.Equal(0, open);
    }
}
