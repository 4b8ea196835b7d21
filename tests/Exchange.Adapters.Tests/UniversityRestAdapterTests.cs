using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Exchange.Adapters.Pull;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

[Collection(PostgresCollection.Name)]
public sealed class UniversityRestAdapterTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private static readonly RetryPolicy s_fastRetry = new() { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task A_restart_resumes_from_the_checkpoint_and_appends_nothing_twice()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var items = Items();
        var failPageTwo = true;
        await using var server = new LocalHttpServer(context =>
        {
            var page = int.Parse(HttpUtility.ParseQueryString(context.Request.Url!.Query)["page"]!, CultureInfo.InvariantCulture);
            return page == 2 && failPageTwo
                ? LocalHttpServer.RespondAsync(context, 503, "{}")
                : LocalHttpServer.RespondAsync(context, 200, Page(items, context.Request.Url!.Query));
        });

        var first = await Adapter(harness, server).RunOnceAsync(TestTimeout.Token());
        Assert.False(first.Completed);
        Assert.Equal(2, first.Accepted);
        Assert.Equal("2026-03-01T08:01:00.0000000+00:00", await harness.Checkpoints.GetAsync("rest-test", TestTimeout.Token()));
        Assert.Equal(2, await harness.CountAsync(RecordKind.Graduate));

        failPageTwo = false;
        // A new adapter over a new pipeline: what a restarted hub builds.
        var restarted = new UniversityRestAdapter(Options(server), Client(), harness.NewPipeline(), new CheckpointStore(harness.IngestSource), harness.Logger);
        var second = await restarted.RunOnceAsync(TestTimeout.Token());
        var third = await restarted.RunOnceAsync(TestTimeout.Token());

        Assert.True(second.Completed);
        Assert.Equal((3, 1), (second.Accepted, second.Duplicates)); // the record at the cursor comes again, as a duplicate
        Assert.Equal((0, 1), (third.Accepted, third.Duplicates));
        Assert.Equal(items.Count, await harness.CountAsync(RecordKind.Graduate));
        Assert.Contains(server.Requests, r => r.Contains("updatedSince=2026-03-01T08%3A01%3A00.0000000%2B00%3A00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timeout_a_500_and_garbage_are_retried_until_the_page_comes()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var items = Items();
        var calls = 0;
        await using var server = new LocalHttpServer(async context =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    await Task.Delay(TimeSpan.FromSeconds(5)); // beyond the client's timeout
                    await LocalHttpServer.RespondAsync(context, 200, "{}");
                    break;
                case 2:
                    await LocalHttpServer.RespondAsync(context, 500, "oops", "text/plain");
                    break;
                case 3:
                    await LocalHttpServer.RespondAsync(context, 200, "{\"items\": [ {\"recordId\": ");
                    break;
                default:
                    await LocalHttpServer.RespondAsync(context, 200, Page(items, context.Request.Url!.Query, pageSize: 10));
                    break;
            }
        });

        var round = await new UniversityRestAdapter(Options(server) with { PageSize = 10 }, Client(TimeSpan.FromSeconds(1)), harness.Pipeline, harness.Checkpoints, harness.Logger)
            .RunOnceAsync(TestTimeout.Token());

        Assert.True(round.Completed, round.Failure);
        Assert.Equal(4, calls);
        Assert.Equal(items.Count, round.Accepted);
        Assert.Equal("2026-03-01T08:04:00.0000000+00:00", round.Checkpoint);
    }

    [Fact]
    public async Task A_source_that_keeps_failing_leaves_the_checkpoint_where_the_last_ingest_left_it()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        await using var server = new LocalHttpServer(context => LocalHttpServer.RespondAsync(context, 200, "<html>maintenance</html>", "text/html"));

        var round = await Adapter(harness, server).RunOnceAsync(TestTimeout.Token());

        Assert.False(round.Completed);
        Assert.StartsWith("malformed response", round.Failure, StringComparison.Ordinal);
        Assert.Equal(s_fastRetry.MaxAttempts, server.Requests.Count);
        Assert.Null(await harness.Checkpoints.GetAsync("rest-test", TestTimeout.Token()));
        Assert.Equal(0, await harness.CountAsync(RecordKind.Graduate));
    }

    [Fact]
    public async Task A_404_is_not_retried()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        await using var server = new LocalHttpServer(context => LocalHttpServer.RespondAsync(context, (int)HttpStatusCode.NotFound, "{}"));

        var round = await Adapter(harness, server).RunOnceAsync(TestTimeout.Token());

        Assert.Equal("HTTP 404", round.Failure);
        Assert.Single(server.Requests);
    }

    private static UniversityRestAdapter Adapter(IngestHarness harness, LocalHttpServer server) =>
        new(Options(server), Client(), harness.Pipeline, harness.Checkpoints, harness.Logger);

    private static UniversityRestOptions Options(LocalHttpServer server) => new()
    {
        Name = "rest-test",
        BaseAddress = new Uri(server.BaseAddress, "api/"),
        SourceOrganisation = University,
        PageSize = 2,
        Retry = s_fastRetry,
    };

    // Generous, so that a busy machine never turns a try into a timeout the test did not ask for;
    // the timeout test gives its own short one.
    private static HttpClient Client(TimeSpan? timeout = null) => new() { Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>The sample graduates as a source holds them: each with the time it last changed.</summary>
    private static List<JsonObject> Items() =>
        [.. IngestHarness.Sample("graduate.valid.json").Select((bytes, i) =>
        {
            var item = JsonNode.Parse(bytes)!.AsObject();
            item["updatedAt"] = FormattableString.Invariant($"2026-03-01T08:0{i}:00Z");
            return item;
        })];

    /// <summary>What the source answers: items changed at or after updatedSince, sorted by updatedAt, one page of them.</summary>
    private static string Page(List<JsonObject> items, string query, int pageSize = 2)
    {
        var parameters = HttpUtility.ParseQueryString(query);
        var page = int.Parse(parameters["page"]!, CultureInfo.InvariantCulture);
        var since = parameters["updatedSince"] is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
        var matching = items.Where(i => DateTimeOffset.Parse(i["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since).ToList();
        var slice = matching.Skip((page - 1) * pageSize).Take(pageSize).Select(i => (JsonNode?)i.DeepClone()).ToArray();
        var hasMore = page * pageSize < matching.Count;
        return new JsonObject { ["items"] = new JsonArray(slice), ["nextPage"] = hasMore ? page + 1 : null }.ToJsonString();
    }
}
