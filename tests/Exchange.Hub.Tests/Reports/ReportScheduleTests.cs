using System.Text.Json.Nodes;
using Exchange.Hub.Reports;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Reporting.Reading;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Hub.Tests.Reports;

/// <summary>
/// The report schedule on a fake clock, against a real hub's report service and embedded log: a due
/// report is published to exchange.reports.v1, and a run the release service refuses is logged and
/// tried again at the next minute.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportScheduleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_refused_run_is_logged_and_retried_and_once_agreed_the_document_arrives_on_the_reports_topic_keyed_by_its_name()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await ReportWorld.LoadAsync(hub, 100);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        using var loggers = new LoggerFactory([logs]);
        var log = hub.Services.GetRequiredService<IEventLog>();
        using var schedule = new ReportSchedule(
            Options.Create(new List<ScheduledReport>
            {
                new() { Report = "outcomes", Client = ReportWorld.Bureau.ClientId, Every = TimeSpan.FromHours(6), Parameters = { ["cohort"] = "2026" }, Language = "en" },
            }),
            hub.Services.GetRequiredService<ReportCallers>(), hub.Services.GetRequiredService<ReportService>(), hub.Services.GetRequiredService<JsonReportWriter>(),
            log, clock, loggers.CreateLogger<ReportSchedule>());
        await schedule.StartAsync(TestTimeout.Token());

        // Not yet due: an hour passes and nothing runs.
        clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestTimeout.Token());
        Assert.DoesNotContain("Scheduled report", logs.AllText, StringComparison.Ordinal);

        // Due, but the bureau has no agreement: the failure is logged with its reason, and the hub goes on.
        clock.Advance(TimeSpan.FromHours(5));
        await UntilAsync(clock, () => logs.AllText.Contains("denied: agreement.none", StringComparison.Ordinal));
        Assert.Contains($"[{Exchange.Core.Hosting.EventIds.ScheduledReportFailed}]", logs.AllText, StringComparison.Ordinal);

        await ReportWorld.AgreeAsync(hub);
        var message = await UntilAsync(clock, () => FirstAsync(log));

        Assert.Equal("outcomes", message.Key);
        Assert.Equal(ReportSchedule.EventType, message.Headers[CloudEventHeaders.Type]);
        Assert.Equal(CloudEventHeaders.SpecVersion, message.Headers[CloudEventHeaders.SpecVersionHeader]);
        Assert.Equal("application/json", message.Headers[CloudEventHeaders.ContentType]);
        Assert.Equal((ReportWorld.Bureau.ClientId, ReportWorld.Bureau.Organisation), (message.Headers[ReportSchedule.ClientHeader], message.Headers[ReportSchedule.OrganisationHeader]));
        var document = JsonNode.Parse(message.Value.Span)!;
        Assert.Equal(("outcomes", "en", "2026"), ((string?)document["name"], (string?)document["language"], (string?)document["parameters"]!["cohort"]));
        Assert.Equal(100, (long)document["basis"]!["subjectsCounted"]!);
        Assert.Contains($"[{Exchange.Core.Hosting.EventIds.ScheduledReportPublished}]", logs.AllText, StringComparison.Ordinal);

        var audit = await Security.AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.Action == ReportSchedule.Action && e.Rule == "agreement.none");
        Assert.Contains(audit, e => e.Action == ReportSchedule.Action && e.Rule == "statistics.statutory-duty" && e.CallerClientId == ReportWorld.Bureau.ClientId);
        await schedule.StopAsync(TestTimeout.Token());
    }

    private static async Task<ConsumedMessage?> FirstAsync(IEventLog log)
    {
        if (await log.GetPartitionCountAsync(ReportSchedule.Topic, TestTimeout.Token()) is not { } partitions)
            return null;
        for (var p = 0; p < partitions; p++)
        {
            await foreach (var message in log.ReplayAsync(ReportSchedule.Topic, p, 0, TestTimeout.Token()))
                return message;
        }
        return null;
    }

    // The schedule looks once a minute of its clock: move the clock a minute at a time until the condition holds.
    private static async Task UntilAsync(FakeTimeProvider clock, Func<bool> condition) =>
        await UntilAsync(clock, () => Task.FromResult(condition() ? (object?)true : null));

    private static async Task<T> UntilAsync<T>(FakeTimeProvider clock, Func<Task<T?>> found)
    {
        while (true)
        {
            if (await found() is { } value)
                return value;
            clock.Advance(ScheduledReport.Tick);
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestTimeout.Token());
        }
    }
}
