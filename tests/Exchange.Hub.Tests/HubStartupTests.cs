using System.Net;
using System.Text.Json;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Exchange.Hub.Tests;

[Collection(PostgresCollection.Name)]
public sealed class HubStartupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Hub_answers_health_and_publishes_its_OpenAPI_document()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/steward/agreements", out _));
        Assert.True(paths.TryGetProperty("/v1/steward/consents", out _));
        Assert.True(paths.TryGetProperty("/v1/steward/audit", out _));
    }

    [Fact]
    public async Task The_hub_watched_its_whole_working_folder_for_a_changed_appsettings_file_and_its_own_database_writes_woke_it()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var configuration = (IConfigurationRoot)hub.Services.GetRequiredService<IConfiguration>();

        // A reloading file source watches its folder and every folder under it: run from the repository, that
        // is the embedded server's data folder too, whose every write the hub then hears of. No setting reloads.
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, file.Source.Path));
    }

    [Fact]
    public async Task OpenAPI_document_declares_the_bearer_scheme_and_each_operations_scopes()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var root = openApi.RootElement;

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));

        var scopes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var key = $"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}";
                scopes[key] = operation.Value.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(r => r.GetProperty("Bearer").EnumerateArray().Select(s => s.GetString()!)).ToArray()
                    : ["(none)"];
            }
        }

        Assert.Equal(["(none)"], scopes["GET /health"]);
        Assert.Equal(["index:read"], scopes["GET /v1/subjects/{subjectKey}"]);
        Assert.Equal(["consent:manage"], scopes["POST /v1/steward/agreements"]);
        Assert.Equal(["audit:read"], scopes["GET /v1/steward/audit"]);
        Assert.Contains("records:write:graduate", scopes["POST /v1/records/{kind}"]);
        string[] probes = ["GET /health", "GET /health/live", "GET /health/ready"];
        Assert.All(probes, probe => Assert.Equal(["(none)"], scopes[probe]));
        Assert.All(scopes.Where(s => !probes.Contains(s.Key)), s => Assert.NotEqual(["(none)"], s.Value));
    }

    [Fact]
    public async Task A_background_service_that_fails_after_start_is_logged_with_its_exception_before_the_hub_stops()
    {
        using var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(postgres, logs: logs,
            services: services => services.AddHostedService<FailsOnceStarted>());
        var lifetime = hub.Services.GetRequiredService<IHostApplicationLifetime>();

        // The failure stops the hub (the host's default), which is how an operator notices it.
        var stopping = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStopping.Register(stopping.SetResult);
        await stopping.Task.WaitAsync(TestTimeout.Token());

        Assert.True(logs.Lines.Any(line => line.Contains(FailsOnceStarted.Failure, StringComparison.Ordinal) && line.StartsWith("Error", StringComparison.Ordinal)), logs.AllText);
    }

    private sealed class FailsOnceStarted(IHostApplicationLifetime lifetime) : BackgroundService
    {
        public const string Failure = "a background part broke after the start";

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(started.SetResult))
                await started.Task.WaitAsync(stoppingToken);
            throw new InvalidOperationException(Failure);
        }
    }
}
