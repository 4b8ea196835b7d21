using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Exchange.Hub.Tests.Telemetry;

/// <summary>What an operator's OpenTelemetry collector receives: one trace from a push to its merge, and the hub's counters.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TelemetryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_pushed_record_and_its_merge_are_one_trace()
    {
        var activities = new ExportedActivities();
        await using var hub = await HubHost.StartAsync(postgres,
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(activities)));
        using var university = hub.ClientFor(TestClients.UniversityA);

        await ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.GraduateFor(TestClients.UniversityA, ResidentIds.Make(910)), expectAccepted: true);
        await hub.WaitForMergerAsync();

        var push = activities.Single(a => a.Kind == ActivityKind.Server && a.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        var ingest = activities.Single(a => a.Source.Name == "Exchange.Ingest");
        Assert.Equal(push.SpanId, ingest.ParentSpanId);
        Assert.Equal(push.TraceId, ingest.TraceId);
        // The duplicate registry's lookup and the append are the push's own database work.
        Assert.Contains(activities.Snapshot(), a => a.Source.Name == "Npgsql" && a.TraceId == push.TraceId);

        // The merge may end a moment after the index shows the record: wait for its activity.
        var merge = await activities.WaitForAsync(a => a.Source.Name == "Exchange.Index" && a.DisplayName == "merge" && a.TraceId == push.TraceId);
        Assert.Equal(ingest.SpanId, merge.ParentSpanId);
        Assert.Equal(1, merge.GetTagItem("messaging.batch.message_count"));
        var batch = activities.Single(a => a.Source.Name == "Exchange.Index" && a.DisplayName == "merge batch" && a.Links.Any(l => l.Context.TraceId == push.TraceId));
        Assert.Contains(merge.Links, l => l.Context.SpanId == batch.SpanId);
    }

    [Fact]
    public async Task A_trace_carried_the_linkage_key_of_a_fetched_subject_in_its_url_path()
    {
        var activities = new ExportedActivities();
        await using var hub = await HubHost.StartAsync(postgres,
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(activities)));
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var residentId = ResidentIds.Make(913);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;

        // note is no parameter of the fetch (400), but the request is traced all the same.
        using (var response = await employer.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching&note={residentId}", TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await employer.GetAsync($"/v1/subjects/{residentId}?purpose=matching", TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        while (activities.Snapshot().Count(a => a.Kind == ActivityKind.Server) < 2)
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestTimeout.Token());
        foreach (var activity in activities.Snapshot())
        {
            var text = string.Join(' ', activity.DisplayName, string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}")));
            Assert.DoesNotContain(subjectKey, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(residentId, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Records_taken_in_release_decisions_and_rate_limit_refusals_are_counted()
    {
        var metrics = new List<Metric>();
        await using var hub = await HubHost.StartAsync(postgres,
            new Dictionary<string, string?> { ["Exchange:RateLimits:PermitsPerSecond"] = "1", ["Exchange:RateLimits:Burst"] = "1" },
            services: s => s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        using var university = hub.ClientFor(TestClients.UniversityA);
        var graduate = Samples.GraduateFor(TestClients.UniversityA, ResidentIds.Make(911));
        var invalid = graduate.DeepClone().AsObject();
        invalid["recordId"] = "TEL-BAD";
        invalid["educationLevel"] = "not-a-level";

        // Concurrent pushes against a budget of one request: some are refused 429, the rest are counted by outcome.
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await university.PostAsync("/v1/records/graduate",
                new StringContent(new JsonArray(graduate.DeepClone(), invalid.DeepClone()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                TestTimeout.Token());
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        var served = answers.Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => JsonNode.Parse(a.Body)!).ToList();
        var refused = answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused > 0, "twelve requests at once against a budget of one");
        Assert.Equal(answers.Length, served.Count + refused);

        hub.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.Equal(served.Sum(a => (long)a["accepted"]!), Sum(metrics, "exchange.ingest.records", ("kind", "graduate"), ("outcome", "accepted")));
        Assert.Equal(served.Sum(a => (long)a["duplicates"]!), Sum(metrics, "exchange.ingest.records", ("kind", "graduate"), ("outcome", "duplicate")));
        Assert.Equal(served.Count, Sum(metrics, "exchange.ingest.records", ("kind", "graduate"), ("outcome", "rejected")));
        Assert.Equal(refused, Sum(metrics, "exchange.hub.rate_limit.refusals", ("client_id", TestClients.UniversityA.ClientId)));
    }

    [Fact]
    public async Task Release_decisions_are_counted_by_outcome_and_rule()
    {
        var metrics = new List<Metric>();
        await using var hub = await HubHost.StartAsync(postgres, services: s => s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var unknown = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentIds.Make(912))!;

        using (var response = await employer.GetAsync($"/v1/subjects/{unknown}?purpose=matching", TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using (var response = await employer.GetAsync($"/v1/subjects/{unknown}", TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        hub.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.Equal(1, Sum(metrics, "exchange.release.decisions", ("outcome", "deny"), ("rule", Exchange.Access.Decisions.PolicyRules.SubjectUnknown)));
        Assert.Equal(1, Sum(metrics, "exchange.release.decisions", ("outcome", "deny"), ("rule", Exchange.Access.Decisions.PolicyRules.PurposeMissing)));
    }

    [Fact]
    public async Task Pull_rounds_are_counted_by_adapter_and_outcome_and_a_round_is_the_parent_of_its_ingest()
    {
        using var drop = new TempFolder("exchange-hub-drop");
        var metrics = new List<Metric>();
        var activities = new ExportedActivities();
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Exchange:Pull:Interval"] = "00:00:01",
            ["Exchange:Pull:DropFolders:0:Name"] = "pku-drop",
            ["Exchange:Pull:DropFolders:0:Folder"] = drop.Path,
            ["Exchange:Pull:DropFolders:0:SourceOrganisation"] = TestClients.UniversityA.Organisation,
            ["Exchange:Pull:DropFolders:0:Kind"] = "graduate",
        }, services: s => s
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics))
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(activities)));
        var g = Samples.Valid("graduate");
        var header = "recordId,institutionCode,studentId,residentId,name,sex,birthDate,originRegion,educationLevel,majorCode,majorName,enrolmentDate,graduationDate,cohort";
        await File.WriteAllTextAsync(drop.Combine("export.csv"), header + "\r\n" + string.Join(",", header.Split(',').Select(c => g[c]!.ToString())) + "\r\n", TestTimeout.Token());
        await File.WriteAllTextAsync(drop.Combine("export.csv.done"), "", TestTimeout.Token());

        var ingest = await activities.WaitForAsync(a => a.Source.Name == "Exchange.Ingest");
        var round = await activities.WaitForAsync(a => a.Source.Name == "Exchange.Adapters" && a.SpanId == ingest.ParentSpanId);
        Assert.Equal("pku-drop", round.GetTagItem("exchange.adapter"));
        while (true)
        {
            hub.Services.GetRequiredService<MeterProvider>().ForceFlush();
            if (Sum(metrics, "exchange.adapters.rounds", ("adapter", "pku-drop"), ("outcome", "completed")) > 0)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(50), TestTimeout.Token());
        }
        Assert.Equal(0, Sum(metrics, "exchange.adapters.rounds", ("outcome", "failed")));
    }

    // The latest cumulative value of a counter's points that carry every given tag.
    private static long Sum(List<Metric> exported, string name, params (string Key, string Value)[] tags)
    {
        var metric = exported.LastOrDefault(m => m.Name == name);
        if (metric is null)
            return 0;
        long sum = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
                pointTags[tag.Key] = tag.Value;
            if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
                sum += point.GetSumLong();
        }
        return sum;
    }

    /// <summary>The exporter's collection, read by the test while the hub's threads add to it.</summary>
    private sealed class ExportedActivities : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public List<Activity> Snapshot()
        {
            lock (_items)
                return [.. _items];
        }

        public Activity Single(Func<Activity, bool> match) => Snapshot().Single(match);

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            while (true)
            {
                if (Snapshot().FirstOrDefault(match) is { } found)
                    return found;
                await Task.Delay(TimeSpan.FromMilliseconds(20), TestTimeout.Token());
            }
        }

        public int Count => Snapshot().Count;

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            lock (_items)
                _items.Add(item);
        }

        public void Clear()
        {
            lock (_items)
                _items.Clear();
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_items)
                return _items.Remove(item);
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
