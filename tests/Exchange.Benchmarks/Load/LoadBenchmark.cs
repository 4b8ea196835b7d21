using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Exchange.Access.Tokens;
using Exchange.Benchmarks.Ingest;
using Exchange.Core.Pseudonymisation;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Benchmarks.Load;

/// <summary>
/// <c>load [--minutes 10] [--readers 16] …</c>: a sustained mixed load on one hub process on its
/// embedded default. First the hub takes <c>--preload</c> graduates as fast as it can (its
/// measured ingest capacity) and consents for some of them; then, for <c>--minutes</c>, new
/// graduates are pushed at half that capacity while autocannon keeps <c>--readers</c> connections
/// busy with subject fetches (as an employer, through the release service) and audit searches
/// (as a steward). Reports errors, latency per minute, and the hub's memory and merger lag over
/// time. Exits non-zero when the run could not be made; a missed target is reported, not an error.
/// </summary>
internal static class LoadBenchmark
{
    private const string EmployerClient = "load-employer";
    private const string EmployerOrganisation = "914403001922038216";
    private const string StewardClient = "load-steward";
    private const string StewardOrganisation = "111000000000131257";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    public static Task<int> RunAsync(string[] args) =>
        BenchmarkRun.RunAsync("load", args, LoadArguments.Parse, MeasureAsync);

    private static async Task<LoadReport> MeasureAsync(LoadArguments arguments, BenchmarkScratch scratch, CancellationToken cancellationToken)
    {
        var report = new LoadReport(arguments);
        Step("Starting the embedded PostgreSQL");
        var server = await scratch.StartPostgresAsync("hub_load", cancellationToken);
        var folder = scratch.Folder;

        using var issuer = await DevelopmentTokenIssuer.OpenAsync(Path.Combine(folder, "keys"), cancellationToken);
        var secret = RandomNumberGenerator.GetBytes(32);
        await using var hub = await HubProcess.StartAsync(Settings(server, folder, issuer, secret), cancellationToken);
        var university = issuer.Mint(HubRun.ClientId, $"{HubRun.Scope} records:write:consent", TimeSpan.FromHours(3));
        var employer = issuer.Mint(EmployerClient, "index:read", TimeSpan.FromHours(3));
        var steward = issuer.Mint(StewardClient, "consent:manage audit:read", TimeSpan.FromHours(3));

        await using var sampler = new HubSampler(hub.ProcessId, hub.Address, TimeSpan.FromSeconds(5));

        Step($"Preloading {arguments.Preload:N0} graduates as fast as the hub takes them (4 senders, {arguments.BatchSize} a request)");
        var preload = SyntheticGraduates.Create(arguments.Preload);
        report.PreloadElapsed = await RecordSender.SendAllAsync(
            hub.Address, university, SyntheticGraduates.Batches(preload, arguments.BatchSize), senders: 4, cancellationToken);
        report.CapacityRecordsPerSecond = arguments.Preload / report.PreloadElapsed.TotalSeconds;
        Step(string.Create(CultureInfo.InvariantCulture, $"    {report.CapacityRecordsPerSecond:N0} records/s"));

        Step($"An agreement for employers, and consents of {arguments.Consented:N0} of the graduates");
        using var stewardHttp = Client(hub.Address, steward);
        await RecordAgreementAsync(stewardHttp, cancellationToken);
        var residentIds = preload.Take(arguments.Consented).Select(ResidentIdOf).ToList();
        using var universityHttp = Client(hub.Address, university);
        await PushConsentsAsync(universityHttp, residentIds, arguments.BatchSize, cancellationToken);
        var keys = new LinkageKeys(secret);
        var subjectKeys = residentIds.Select(id => keys.KeyFor(id)!).Distinct(StringComparer.Ordinal).ToList();

        Step("Waiting for the merger to catch up and the last consented subject to be readable");
        using var employerHttp = Client(hub.Address, employer);
        await WaitReadableAsync(employerHttp, subjectKeys[^1], cancellationToken);
        preload = null;

        var duration = TimeSpan.FromMinutes(arguments.Minutes);
        var pushRate = arguments.PushRate ?? (int)Math.Max(1, report.CapacityRecordsPerSecond / 2);
        report.PushRate = pushRate;
        var searchConnections = Math.Max(1, arguments.Readers / 4);
        Step($"Mixed load for {arguments.Minutes} min: pushes at {pushRate:N0} records/s; {arguments.Readers - searchConnections} fetch and {searchConnections} search connections");
        var loadStartedAt = sampler.Elapsed;
        var pushLatencies = new MinuteLatencies(TimeProvider.System.GetUtcNow(), TimeProvider.System);
        var pusher = new PacedPusher(hub.Address, university, pushRate, arguments.BatchSize, arguments.Preload);
        var pushing = pusher.RunAsync(duration, pushLatencies, cancellationToken);
        var reading = ReadDriver.RunAsync(hub.Address, duration,
        [
            new ReadGroup("subject fetch", arguments.Readers - searchConnections, employer,
                [.. subjectKeys.Select(k => $"/v1/subjects/{k}?purpose=matching")]),
            new ReadGroup("audit search", searchConnections, steward, AuditSearches()),
        ], folder, cancellationToken);
        await Task.WhenAll(pushing, reading);

        report.Push = pushLatencies.Figures();
        report.PushAccepted = pusher.RecordsAccepted;
        report.PushLate = pusher.BatchesBehindSchedule;
        report.PushErrors.AddRange(pusher.ErrorSamples);
        report.Reads = await reading;
        report.Samples = [.. sampler.Samples.Where(s => s.At >= loadStartedAt).Select(s => s with { At = s.At - loadStartedAt })];
        report.SchemaSizes = await SchemaSizesAsync(server, cancellationToken);
        return report;
    }

    /// <summary>Bytes on disk per schema of the hub's database (tables, indexes and TOAST), largest first.</summary>
    private static async Task<IReadOnlyList<(string Schema, long Bytes)>> SchemaSizesAsync(EmbeddedPostgres server, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor("hub_load"));
        await using var command = dataSource.CreateCommand("""
            select n.nspname, sum(pg_total_relation_size(c.oid))::bigint
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
            group by n.nspname order by 2 desc
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sizes = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken))
            sizes.Add((reader.GetString(0), reader.GetInt64(1)));
        return sizes;
    }

    private static IReadOnlyList<string> AuditSearches()
    {
        var searches = new List<string>();
        foreach (var caller in new[] { EmployerClient, HubRun.ClientId, StewardClient })
            for (var after = 0; after <= 500_000; after += 25_000)
                searches.Add(string.Create(CultureInfo.InvariantCulture, $"/v1/steward/audit?caller={caller}&after={after}&limit=50"));
        return searches;
    }

    private static IEnumerable<KeyValuePair<string, string>> Settings(EmbeddedPostgres server, string folder, DevelopmentTokenIssuer issuer, byte[] secret)
    {
        var settings = HubRun.Settings(server, "hub_load", folder, issuer).ToDictionary();
        settings["Exchange:Secrets:Pseudonymisation"] = Convert.ToBase64String(secret);
        settings["Exchange:Clients:0:Scopes:1"] = "records:write:consent";
        settings["Exchange:Clients:1:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer;
        settings["Exchange:Clients:1:ClientId"] = EmployerClient;
        settings["Exchange:Clients:1:Organisation"] = EmployerOrganisation;
        settings["Exchange:Clients:1:Role"] = "employer";
        settings["Exchange:Clients:1:Scopes:0"] = "index:read";
        settings["Exchange:Clients:2:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer;
        settings["Exchange:Clients:2:ClientId"] = StewardClient;
        settings["Exchange:Clients:2:Organisation"] = StewardOrganisation;
        settings["Exchange:Clients:2:Role"] = "steward";
        settings["Exchange:Clients:2:Scopes:0"] = "consent:manage";
        settings["Exchange:Clients:2:Scopes:1"] = "audit:read";
        return settings;
    }

    private static HttpClient Client(Uri hub, string token)
    {
        var http = new HttpClient { BaseAddress = hub, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task RecordAgreementAsync(HttpClient steward, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var response = await steward.PostAsJsonAsync("/v1/steward/agreements", new
        {
            providerOrganisation = SyntheticGraduates.Organisation,
            grantee = new { role = "employer" },
            categories = new[] { "identity", "education", "contact" },
            purposes = new[] { "matching" },
            validFrom = today.AddDays(-1),
            validThrough = today.AddYears(1),
            legalBasis = "Load benchmark: provincial approval",
        }, s_json, cancellationToken);
        await EnsureAsync(response, "recording the agreement", cancellationToken);
    }

    private static async Task PushConsentsAsync(HttpClient university, IReadOnlyList<string> residentIds, int batchSize, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var start = 0; start < residentIds.Count; start += batchSize)
        {
            var body = new StringBuilder();
            for (var i = start; i < Math.Min(residentIds.Count, start + batchSize); i++)
            {
                body.Append(JsonSerializer.Serialize(new
                {
                    recordId = string.Create(CultureInfo.InvariantCulture, $"LOAD-CON-{i:D7}"),
                    residentId = residentIds[i],
                    grantee = new { role = "employer" },
                    purposes = new[] { "matching" },
                    dataCategories = new[] { "identity", "education", "contact" },
                    validFrom = today.AddDays(-1),
                    validThrough = today.AddYears(1),
                    status = "active",
                    givenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                    evidence = new { method = "online-click", reference = string.Create(CultureInfo.InvariantCulture, $"LOAD-EVIDENCE-{i}") },
                }, s_json)).Append('\n');
            }
            using var content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson");
            using var response = await university.PostAsync("/v1/records/consent", content, cancellationToken);
            await EnsureAsync(response, "pushing consents", cancellationToken);
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (answer.RootElement.GetProperty("rejected").GetInt32() != 0)
                throw new InvalidOperationException($"Consents were rejected: {answer.RootElement}");
        }
    }

    private static async Task WaitReadableAsync(HttpClient employer, string subjectKey, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await employer.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", cancellationToken);
            if (response.IsSuccessStatusCode)
                return;
            if (waited.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException($"The last consented subject was still not readable after 10 minutes ({(int)response.StatusCode}).");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static string ResidentIdOf(byte[] record)
    {
        var reader = new Utf8JsonReader(record);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("residentId"u8) && reader.Read())
                return reader.GetString()!;
        }
        throw new InvalidOperationException("A synthetic graduate without a residentId.");
    }

    private static void Step(string what) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{s_clock.Elapsed:hh\\:mm\\:ss}] {what}"));
}
