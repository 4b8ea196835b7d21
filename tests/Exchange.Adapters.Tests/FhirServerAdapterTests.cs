using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;
using Exchange.Adapters.Pull;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

[Collection(PostgresCollection.Name)]
public sealed class FhirServerAdapterTests(PostgresFixture postgres)
{
    private const string Bureau = "11410100MB00000018";

    [Fact]
    public async Task Follows_next_links_and_a_restart_resumes_from_the_last_updated_checkpoint()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var failSecondPage = true;
        LocalHttpServer? server = null;
        server = new LocalHttpServer(context =>
        {
            var query = HttpUtility.ParseQueryString(context.Request.Url!.Query);
            var page = int.Parse(query["_page"] ?? "1", CultureInfo.InvariantCulture);
            if (page == 2 && failSecondPage)
                return LocalHttpServer.RespondAsync(context, 500, """{"resourceType":"OperationOutcome"}""", "application/fhir+json");
            return LocalHttpServer.RespondAsync(context, 200, SearchPage(server!.BaseAddress, query, page), "application/fhir+json");
        });
        await using var _ = server;

        var first = await Adapter(harness, server, harness.Pipeline).RunOnceAsync(TestTimeout.Token());
        Assert.False(first.Completed);
        Assert.Equal(2, first.Accepted);
        Assert.Equal("2026-03-01T08:01:00.000Z", await harness.Checkpoints.GetAsync("fhir-test", TestTimeout.Token()));

        failSecondPage = false;
        var restarted = await Adapter(harness, server, harness.NewPipeline()).RunOnceAsync(TestTimeout.Token());
        var again = await Adapter(harness, server, harness.NewPipeline()).RunOnceAsync(TestTimeout.Token());

        Assert.True(restarted.Completed, restarted.Failure);
        Assert.Equal((1, 0), (restarted.Accepted, restarted.Duplicates));
        Assert.Equal((0, 0), (again.Accepted, again.Duplicates));
        Assert.Equal(3, await harness.CountAsync(RecordKind.Certification));
        Assert.Contains(server.Requests, r => r.Contains("_lastUpdated=gt2026-03-01T08:01:00.000Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbage_instead_of_a_Bundle_is_retried_and_nothing_advances()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        await using var server = new LocalHttpServer(context => LocalHttpServer.RespondAsync(context, 200, """{"resourceType":"OperationOutcome"}""", "application/fhir+json"));

        var round = await Adapter(harness, server, harness.Pipeline).RunOnceAsync(TestTimeout.Token());

        Assert.False(round.Completed);
        Assert.Equal(3, server.Requests.Count);
        Assert.Null(await harness.Checkpoints.GetAsync("fhir-test", TestTimeout.Token()));
    }

    private static FhirServerAdapter Adapter(IngestHarness harness, LocalHttpServer server, Exchange.Adapters.Ingest.IngestPipeline pipeline) => new(
        new FhirServerOptions
        {
            Name = "fhir-test",
            BaseAddress = new Uri(server.BaseAddress, "r4/"),
            SourceOrganisation = Bureau,
            Count = 2,
            Retry = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) },
        },
        new HttpClient { Timeout = TimeSpan.FromSeconds(5) },
        pipeline,
        new CheckpointStore(harness.IngestSource),
        harness.Logger);

    /// <summary>A server's search: certifications updated after _lastUpdated, sorted, two per page, a Patient included for the one that refers to it.</summary>
    private static string SearchPage(Uri baseAddress, System.Collections.Specialized.NameValueCollection query, int page)
    {
        var all = new[]
        {
            CertificationObservations.Observation(0, "2026-03-01T08:00:00Z"),
            CertificationObservations.Observation(1, "2026-03-01T08:01:00Z", viaPatient: true),
            CertificationObservations.Observation(2, "2026-03-01T08:02:00Z"),
        };
        var after = query["_lastUpdated"] is { } gt ? DateTimeOffset.Parse(gt[2..], CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
        var matching = all.Where(o => DateTimeOffset.Parse(o["meta"]!["lastUpdated"]!.GetValue<string>(), CultureInfo.InvariantCulture) > after).ToList();
        var slice = matching.Skip((page - 1) * 2).Take(2).ToList();
        var resources = slice.Concat(slice.Where(o => o["subject"]!["reference"] is not null).Select(o => CertificationObservations.Patient(1))).ToList();
        string? next = page * 2 < matching.Count
            ? new Uri(baseAddress, $"r4/Observation?_lastUpdated={HttpUtility.UrlEncode(query["_lastUpdated"] ?? "")}&_page={page + 1}").AbsoluteUri
            : null;
        return CertificationObservations.Bundle(resources, next).ToJsonString();
    }
}
