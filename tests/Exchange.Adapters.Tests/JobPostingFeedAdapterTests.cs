using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.JobPosting;
using Exchange.Adapters.Pull;
using Exchange.Core.Codes;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

[Collection(PostgresCollection.Name)]
public sealed class JobPostingFeedAdapterTests(PostgresFixture postgres)
{
    private const string Employer = "914403001922038216";

    [Fact]
    public async Task Unchanged_postings_are_not_sent_again_and_a_changed_one_is()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var feed = JsonNode.Parse(File.ReadAllText(IngestHarness.Payload("employer-feed-itemlist.json")))!;
        var calls = 0;
        await using var server = new LocalHttpServer(context => ++calls == 1
            ? LocalHttpServer.RespondAsync(context, 502, "bad gateway", "text/plain")
            : LocalHttpServer.RespondAsync(context, 200, feed.ToJsonString(), "application/ld+json"));
        var adapter = Adapter(harness, server);

        var first = await adapter.RunOnceAsync(TestTimeout.Token());
        var second = await adapter.RunOnceAsync(TestTimeout.Token());
        feed["itemListElement"]![0]!["item"]!["dateModified"] = "2026-03-05T10:00:00+08:00";
        feed["itemListElement"]![0]!["item"]!["baseSalary"]!["value"]!["maxValue"] = 20000;
        var third = await adapter.RunOnceAsync(TestTimeout.Token());

        Assert.Equal((2, 0, 1), (first.Accepted, second.Fetched, third.Accepted));
        Assert.Equal(3, await harness.CountAsync(RecordKind.Vacancy));
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task The_Google_example_feed_is_rejected_with_reasons_and_not_retried_next_round()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var body = File.ReadAllText(IngestHarness.Payload("google-jobposting-example.json"));
        await using var server = new LocalHttpServer(context => LocalHttpServer.RespondAsync(context, 200, body, "application/ld+json"));
        var adapter = Adapter(harness, server);

        var first = await adapter.RunOnceAsync(TestTimeout.Token());
        var second = await adapter.RunOnceAsync(TestTimeout.Token());

        Assert.Equal((1, 0), (first.Rejected, second.Fetched));
        Assert.Equal(1, await harness.CountAsync(Exchange.Log.Topics.DeadLetter));
    }

    private static JobPostingFeedAdapter Adapter(IngestHarness harness, LocalHttpServer server) => new(
        new JobPostingFeedOptions
        {
            Name = "feed-test",
            FeedUrl = new Uri(server.BaseAddress, "jobs.jsonld"),
            SourceOrganisation = Employer,
            Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(10) },
        },
        new HttpClient { Timeout = TimeSpan.FromSeconds(5) },
        new JobPostingMapper(CodeListCatalog.Shipped),
        harness.Pipeline,
        harness.Checkpoints,
        harness.Logger);
}
