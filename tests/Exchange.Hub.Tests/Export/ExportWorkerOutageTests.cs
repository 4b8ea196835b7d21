using Exchange.Hub.Export;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Hub.Tests.Export;

/// <summary>The export worker while the database is away: what its log says to an operator.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportWorkerOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Through_an_outage_the_worker_logged_a_failed_export_of_the_empty_job_id_at_every_look()
    {
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(30));
        // The worker's later failures are logged at Debug: counted here to know it looked again.
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Logging:LogLevel:Exchange.Hub.Export.ExportWorker"] = "Debug" }, logs,
            services: s => s.AddKeyedSingleton<TimeProvider>(ExportRegistration.ClockKey, clock));
        var poll = hub.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExportOptions>>().Value.PollInterval;
        var database = new NpgsqlConnectionStringBuilder(hub.ConnectionString).Database!;

        await postgres.RefuseSessionsAsync(database, refuse: true, TestTimeout.Token());
        try
        {
            // Three looks at least: the clock moves a poll interval at a time until the worker has failed thrice.
            var token = TestTimeout.Token();
            while (WorkerLines(logs).Count < 3)
            {
                clock.Advance(poll);
                await Task.Delay(TimeSpan.FromMilliseconds(100), token);
            }
        }
        finally
        {
            await postgres.RefuseSessionsAsync(database, refuse: false, TestTimeout.Token());
        }

        var lines = WorkerLines(logs);
        Assert.DoesNotContain(lines, l => l.Contains(Guid.Empty.ToString(), StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains("[5405]", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("Debug ", l, StringComparison.Ordinal));
    }

    private static List<string> WorkerLines(CapturedLogs logs) =>
        [.. logs.Lines.Where(l => l.Contains("ExportWorker[", StringComparison.Ordinal))];
}
