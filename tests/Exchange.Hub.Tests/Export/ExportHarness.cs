using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Export;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Exchange.Hub.Tests.Export;

/// <summary>
/// A test hub whose export jobs run on a fake clock: the worker looks for jobs only when the test
/// moves the clock, so a test sees a job accepted, then finished, then expired, when it chooses.
/// The fake clock starts ahead of the wall clock, so records stored during the test are older
/// than any export's transaction time.
/// </summary>
public sealed class ExportHarness : IAsyncDisposable
{
    private ExportHarness(HubHost hub, FakeTimeProvider clock)
    {
        Hub = hub;
        Clock = clock;
    }

    public HubHost Hub { get; }

    public FakeTimeProvider Clock { get; }

    public ExportOptions Options => Hub.Services.GetRequiredService<IOptions<ExportOptions>>().Value;

    public static async Task<ExportHarness> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(30));
        var hub = await HubHost.StartAsync(postgres, settings, services: s => s.AddKeyedSingleton<TimeProvider>(ExportRegistration.ClockKey, clock));
        return new ExportHarness(hub, clock);
    }

    /// <summary>Kicks off an export as <paramref name="http"/>'s client; POST unless <paramref name="get"/>, which sends Prefer: respond-async.</summary>
    public static async Task<HttpResponseMessage> KickOffAsync(HttpClient http, string query, bool get = false, bool respondAsync = true)
    {
        using var request = new HttpRequestMessage(get ? HttpMethod.Get : HttpMethod.Post, "/v1/$export" + query);
        request.Headers.TryAddWithoutValidation("Accept", "application/fhir+json");
        if (respondAsync)
            request.Headers.TryAddWithoutValidation("Prefer", "respond-async");
        return await http.SendAsync(request, TestTimeout.Token());
    }

    /// <summary>Kicks off and returns the status address from Content-Location.</summary>
    public static async Task<Uri> StartExportAsync(HttpClient http, string query)
    {
        using var response = await KickOffAsync(http, query);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Content.Headers.ContentLocation ?? throw new Xunit.Sdk.XunitException("No Content-Location on the kick-off answer.");
    }

    /// <summary>Moves the export clock a poll interval at a time until the status answers 200; returns the manifest.</summary>
    public async Task<JsonObject> ManifestAsync(HttpClient http, Uri status)
    {
        while (true)
        {
            using var response = await http.GetAsync(status, TestTimeout.Token());
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
                return JsonNode.Parse(body)!.AsObject();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {body}");
            Clock.Advance(Options.PollInterval);
            await Task.Delay(TimeSpan.FromMilliseconds(50), TestTimeout.Token());
        }
    }

    /// <summary>The lines of one file of the manifest, downloaded as <paramref name="http"/>'s client.</summary>
    public static async Task<IReadOnlyList<JsonObject>> LinesAsync(HttpClient http, JsonObject manifest, string type)
    {
        var url = manifest["output"]!.AsArray().Concat(manifest["deleted"]?.AsArray() ?? []).Single(f => (string?)f!["type"] == type)!["url"]!.GetValue<string>();
        using var response = await http.GetAsync(url, TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/fhir+ndjson", response.Content.Headers.ContentType?.MediaType);
        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    /// <summary>The output files' types and counts, in order.</summary>
    public static IReadOnlyList<(string Type, long Count)> Outputs(JsonObject manifest, string list = "output") =>
        [.. manifest[list]!.AsArray().Select(f => ((string)f!["type"]!, (long)f["count"]!))];

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();
}
