using System.Net;
using System.Text;
using Exchange.Hub.Tests.Support;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Postgres.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Hub.Tests.Health;

[Collection(PostgresCollection.Name)]
public sealed class ReadinessTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_fresh_hub_is_ready_and_names_each_check()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();

        var ready = await ReadyProbe.GetAsync(http);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("healthy", ready.Body.GetProperty("status").GetString());
        foreach (var check in new[] { "postgres", "migrations", "event-log", "merger-lag" })
            Assert.Equal("healthy", ready.CheckStatus(check));
        Assert.Equal("0 records behind (bound 100000, Exchange:Health:MaxMergerLag).", ready.CheckDescription("merger-lag"));

        var live = await ReadyProbe.GetAsync(http, "/health/live");
        Assert.Equal((HttpStatusCode.OK, "healthy", 0), (live.Status, live.Body.GetProperty("status").GetString(), live.Body.GetProperty("checks").GetArrayLength()));

        // The old address answers as ready does.
        var old = await ReadyProbe.GetAsync(http, "/health");
        Assert.Equal(4, old.Body.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task Ready_turns_unhealthy_while_PostgreSQL_is_stopped_and_healthy_again_once_it_is_restarted()
    {
        // A server of this test's own: stopping the shared one would pull it from under the other tests.
        var own = new PostgresFixture();
        await own.InitializeAsync();
        EmbeddedPostgres? restarted = null;
        try
        {
            var server = own.Server;
            await using var hub = await HubHost.StartAsync(own);
            using var http = hub.Anonymous();
            Assert.Equal(HttpStatusCode.OK, (await ReadyProbe.GetAsync(http)).Status);

            await server.StopAsync(TestTimeout.Token());
            var down = await ReadyProbe.WaitForAsync(http, HttpStatusCode.ServiceUnavailable, Deadline);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
            Assert.Equal("unhealthy", down.Body.GetProperty("status").GetString());
            Assert.Equal("unhealthy", down.CheckStatus("postgres"));
            // Nothing about where the database is or how to log in to it.
            Assert.DoesNotContain(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), down.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", down.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Password", down.Text, StringComparison.OrdinalIgnoreCase);
            // Liveness looks at nothing but the process.
            Assert.Equal(HttpStatusCode.OK, (await ReadyProbe.GetAsync(http, "/health/live")).Status);

            restarted = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = server.DataDirectory, Port = server.Port, MaxConnections = 500 }, NullLogger.Instance, TestTimeout.Token());
            var up = await ReadyProbe.WaitForAsync(http, HttpStatusCode.OK, Deadline);
            Assert.True(up.Status == HttpStatusCode.OK, up.Text);
            Assert.Equal("healthy", up.CheckStatus("postgres"));
        }
        finally
        {
            if (restarted is not null)
                await restarted.StopAsync(TestTimeout.Token());
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_schema_missing_a_migration_makes_ready_unhealthy_naming_the_part_and_the_migration()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await ReadyProbe.GetAsync(http)).Status);

        // As if this build shipped a migration the database has not had: the last one of the access part is undone.
        await using (var command = hub.Database.CreateCommand("delete from access.schema_migrations where version = (select max(version) from access.schema_migrations) returning version"))
        {
            var undone = (int)(await command.ExecuteScalarAsync(TestTimeout.Token()))!;
            Assert.True(undone > 1);
        }

        var ready = await ReadyProbe.GetAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("unhealthy", ready.CheckStatus("migrations"));
        var last = Exchange.Access.AccessSchema.Part.Migrations[^1];
        Assert.Contains($"access: {last}", ready.CheckDescription("migrations"), StringComparison.Ordinal);
        Assert.Equal("healthy", ready.CheckStatus("postgres"));
    }

    [Fact]
    public async Task A_schema_never_migrated_makes_ready_unhealthy_naming_every_migration_it_lacks()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();
        await using (var command = hub.Database.CreateCommand("drop table hub.schema_migrations"))
            await command.ExecuteNonQueryAsync(TestTimeout.Token());

        var ready = await ReadyProbe.GetAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        var missing = string.Join(", ", HubParts.HubSchema.Migrations);
        Assert.Contains($"hub: {missing}", ready.CheckDescription("migrations"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_migrated_by_a_newer_build_leaves_the_hub_ready_but_degraded()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();
        var next = HubParts.HubSchema.Migrations.Count + 1;
        await using (var command = hub.Database.CreateCommand(
            "insert into hub.schema_migrations (version, name, checksum, applied_at) values ($1, 'from_a_newer_build', 'x', now())"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = next });
            await command.ExecuteNonQueryAsync(TestTimeout.Token());
        }

        var ready = await ReadyProbe.GetAsync(http);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(("degraded", "degraded"), (ready.Body.GetProperty("status").GetString(), ready.CheckStatus("migrations")));
        Assert.Equal($"Migrated by a newer build: hub at version {next}.", ready.CheckDescription("migrations"));
    }

    [Fact]
    public async Task Merger_lag_over_the_bound_makes_ready_unhealthy_and_at_the_bound_keeps_it_ready()
    {
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Exchange:Health:MaxMergerLag"] = "2" });
        using var http = hub.Anonymous();
        // The merger is held still, so that the lag is exactly what the test appends.
        await hub.Services.GetRequiredService<MergerHost>().StopAsync(TestTimeout.Token());
        var log = hub.Services.GetRequiredService<IEventLog>();
        var topic = MergerHost.RecordTopics[0];
        LogMessage Message(int i) => new($"lag-test-{i}", new Dictionary<string, string>(), Encoding.UTF8.GetBytes("{}"));

        await log.AppendAsync(topic, [Message(1), Message(2)], TestTimeout.Token());
        var atBound = await ReadyProbe.GetAsync(http);
        Assert.Equal(HttpStatusCode.OK, atBound.Status);
        Assert.StartsWith("2 records behind", atBound.CheckDescription("merger-lag"), StringComparison.Ordinal);

        await log.AppendAsync(topic, [Message(3)], TestTimeout.Token());
        var over = await ReadyProbe.GetAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, over.Status);
        Assert.Equal("unhealthy", over.CheckStatus("merger-lag"));
        Assert.Equal("3 records behind (bound 2, Exchange:Health:MaxMergerLag).", over.CheckDescription("merger-lag"));
    }

    [Fact]
    public async Task An_index_standing_past_the_end_of_a_record_topic_was_ready_with_no_lag()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();
        await hub.Services.GetRequiredService<MergerHost>().StopAsync(TestTimeout.Token());
        var topic = MergerHost.RecordTopics[0];
        // The index outlived a longer topic: it has merged 1,000 messages of a partition that now holds none.
        await using (var connection = await hub.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestTimeout.Token()))
        {
            await using var command = new NpgsqlCommand(
                "insert into merger_positions (topic, partition, next_offset, updated_at) values ($1, 0, 1000, now())", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = topic });
            await command.ExecuteNonQueryAsync(TestTimeout.Token());
        }

        var ready = await ReadyProbe.GetAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("unhealthy", ready.CheckStatus("merger-lag"));
        Assert.Equal($"The index stands past the end of 1 partition(s) ({topic}[0] at 1000, end 0): nothing is merged there (docs/operations.md).",
            ready.CheckDescription("merger-lag"));
    }

    [Fact]
    public async Task A_merger_lag_bound_below_one_stops_the_start()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Exchange:Health:MaxMergerLag"] = "0" }));
        Assert.True(Exchange.Core.Hosting.SettingsRefusal.TryGetFailures(refused, out var failures), refused.ToString());
        Assert.Contains(failures, f => f.Contains("Exchange:Health:MaxMergerLag", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probes_are_neither_rate_limited_nor_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Exchange:RateLimits:PermitsPerSecond"] = "1",
            ["Exchange:RateLimits:Burst"] = "1",
        });
        using var http = hub.Anonymous();
        // A probe that sends a broken token is still a probe: answered, and not written down as a refusal.
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        var auditedBefore = await CountAuditEntriesAsync(hub.Database);

        for (var i = 0; i < 10; i++)
        {
            foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
            {
                using var response = await http.GetAsync(path, TestTimeout.Token());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.Equal(auditedBefore, await CountAuditEntriesAsync(hub.Database));
    }

    private static async Task<long> CountAuditEntriesAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("select count(*) from access.audit_entry");
        return (long)(await command.ExecuteScalarAsync(TestTimeout.Token()))!;
    }
}
