using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;
using Exchange.Adapters.Pull;
using Exchange.Core.Model;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Adapters.Tests;

/// <summary>
/// The pull adapters' resilience pipeline on fake time: no test waits for a backoff or a break to
/// pass; time moves only when a test advances it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SourceResilienceTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";

    [Fact]
    public async Task The_breaker_of_a_failing_source_opens_while_another_source_keeps_being_pulled()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T09:00:00Z", CultureInfo.InvariantCulture));
        var failing = true;
        await using var broken = new LocalHttpServer(context => failing
            ? LocalHttpServer.RespondAsync(context, 503, "{}")
            : LocalHttpServer.RespondAsync(context, 200, Page(Items(), context.Request.Url!.Query)));
        await using var healthy = new LocalHttpServer(context => LocalHttpServer.RespondAsync(context, 200, Page(Items(), context.Request.Url!.Query)));
        var breaker = new CircuitBreakerPolicy { FailureRatio = 1.0, MinimumThroughput = 3, SamplingDuration = TimeSpan.FromMinutes(1), BreakDuration = TimeSpan.FromMinutes(10) };
        var brokenAdapter = Adapter(harness, "rest-broken", broken, breaker, clock);
        var healthyAdapter = Adapter(harness, "rest-healthy", healthy, breaker, clock);

        var first = await Task.WhenAll(brokenAdapter.RunOnceAsync(TestTimeout.Token()), healthyAdapter.RunOnceAsync(TestTimeout.Token()));
        Assert.Equal("HTTP 503", first[0].Failure);
        Assert.Equal(3, broken.Requests.Count);
        Assert.True(first[1].Completed, first[1].Failure);

        var second = await Task.WhenAll(brokenAdapter.RunOnceAsync(TestTimeout.Token()), healthyAdapter.RunOnceAsync(TestTimeout.Token()));
        Assert.StartsWith("circuit open", second[0].Failure, StringComparison.Ordinal);
        Assert.Equal(3, broken.Requests.Count); // the open breaker answered without asking the source
        Assert.True(second[1].Completed, second[1].Failure);
        Assert.Equal(2, healthy.Requests.Count);

        failing = false;
        clock.Advance(TimeSpan.FromMinutes(10));
        var afterBreak = await brokenAdapter.RunOnceAsync(TestTimeout.Token());

        Assert.True(afterBreak.Completed, afterBreak.Failure);
        Assert.Equal(4, broken.Requests.Count);
        Assert.Equal(Items().Count, await harness.CountAsync(RecordKind.Graduate)); // both sources sent the same records
    }

    [Fact]
    public async Task A_429_is_retried_after_the_wait_its_Retry_After_asks_for()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var clock = new DelayRecordingTimeProvider();
        var calls = 0;
        await using var server = new LocalHttpServer(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers["Retry-After"] = "7";
                await LocalHttpServer.RespondAsync(context, 429, "{}");
                return;
            }
            await LocalHttpServer.RespondAsync(context, 200, Page(Items(), context.Request.Url!.Query, pageSize: 10));
        });
        var adapter = Adapter(harness, "rest-throttled", server, new CircuitBreakerPolicy(), clock);

        var round = adapter.RunOnceAsync(TestTimeout.Token());
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7), TestTimeout.Token());
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Single(server.Requests);
        Assert.False(round.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await round.WaitAsync(TestTimeout.Token());

        Assert.True(result.Completed, result.Failure);
        Assert.Equal(2, calls);
        Assert.Equal(Items().Count, result.Accepted);
    }

    private static UniversityRestAdapter Adapter(IngestHarness harness, string name, LocalHttpServer server, CircuitBreakerPolicy breaker, TimeProvider clock) => new(
        new UniversityRestOptions
        {
            Name = name,
            BaseAddress = new Uri(server.BaseAddress, "api/"),
            SourceOrganisation = University,
            PageSize = 10,
            Retry = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromMinutes(5) },
            CircuitBreaker = breaker,
        },
        new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
        harness.NewPipeline(),
        harness.Checkpoints,
        harness.Logger,
        clock);

    private static List<JsonObject> Items() =>
        [.. IngestHarness.Sample("graduate.valid.json").Select((bytes, i) =>
        {
            var item = JsonNode.Parse(bytes)!.AsObject();
            item["updatedAt"] = FormattableString.Invariant($"2026-03-01T08:0{i}:00Z");
            return item;
        })];

    private static string Page(List<JsonObject> items, string query, int pageSize = 10)
    {
        var page = int.Parse(HttpUtility.ParseQueryString(query)["page"]!, CultureInfo.InvariantCulture);
        var slice = items.Skip((page - 1) * pageSize).Take(pageSize).Select(i => (JsonNode?)i.DeepClone()).ToArray();
        return new JsonObject { ["items"] = new JsonArray(slice), ["nextPage"] = page * pageSize < items.Count ? page + 1 : null }.ToJsonString();
    }

    /// <summary>Fake time that lets a test wait until something asks for a timer of a given length.</summary>
    private sealed class DelayRecordingTimeProvider : FakeTimeProvider
    {
        private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _asked = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Asked(dueTime).TrySetResult();
            return timer;
        }

        public Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken) => Asked(dueTime).Task.WaitAsync(cancellationToken);

        private TaskCompletionSource Asked(TimeSpan dueTime) =>
            _asked.GetOrAdd(dueTime, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
