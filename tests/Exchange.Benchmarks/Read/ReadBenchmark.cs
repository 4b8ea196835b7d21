using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Exchange.Access;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Benchmarks.Ingest;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Hub;
using Exchange.Index;
using Exchange.Index.Changes;
using Exchange.Index.Matching;
using Exchange.Index.Search;
using Exchange.Postgres;
using Exchange.Testing.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Benchmarks.Read;

/// <summary>
/// <c>read [--graduates 1000000] [--vacancies 200000] [--clients 16] [--seconds 60]</c>: the read
/// API's speed over a large index. The index is written directly (<see cref="IndexPopulation"/>:
/// graduates with their records, open jobs, the change feed's rows), with a matchers' agreement
/// and consents of a share of the graduates; then a hub runs in this process on the same database
/// with its release service on, and <c>--clients</c> clients with a real matcher token measure,
/// one query after the other: a filtered search, a vacancy → candidates match, a graduate →
/// vacancies match and a change-feed page of 100. Each is set against the same query as the index
/// runs it (the index classes' SQL, no HTTP, no access layer) and the release service's share of
/// request time, read from its own activities. A missed target is reported, not an error.
/// </summary>
internal static class ReadBenchmark
{
    private const string MatcherClient = "read-matcher";
    private const string MatcherOrganisation = "914403001922038216";
    private const string Search = "search (filtered)";
    private const string MatchVacancy = "match vacancy → candidates";
    private const string MatchGraduate = "match graduate → vacancies";
    private const string Changes = "change feed page of 100";
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    public static Task<int> RunAsync(string[] args) =>
        BenchmarkRun.RunAsync("read", args, ReadArguments.Parse, MeasureAsync);

    private static async Task<ReadReport> MeasureAsync(ReadArguments arguments, BenchmarkScratch scratch, CancellationToken cancellationToken)
    {
        var report = new ReadReport(arguments);
        Step("Starting the embedded PostgreSQL");
        var server = await scratch.StartPostgresAsync("hub_read", cancellationToken);
        await using var database = ExchangeDatabase.Create(server.ConnectionStringFor("hub_read"), [IndexSchema.Part, AccessSchema.Part]);
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, cancellationToken);
        await AccessSchema.Part.MigrateAsync(database, NullLogger.Instance, cancellationToken);

        var load = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var population = new IndexPopulation();
        Step($"Loading {arguments.Graduates:N0} graduates with their records");
        await population.LoadAsync(database, arguments.Graduates, 2026, cancellationToken);
        Step($"Loading {arguments.Vacancies:N0} open jobs");
        await population.LoadVacanciesAsync(database, arguments.Vacancies, today.AddDays(-30), today.AddDays(180), cancellationToken);
        Step("Writing the change feed's rows");
        await IndexPopulation.WriteChangesAsync(database, cancellationToken);
        Step($"A matchers' agreement, and consents of {arguments.ConsentPercent}% of the graduates");
        await new AgreementStore(database).CreateAsync(new AgreementTerms(null, Grantee.OfRole(PartyRole.Matcher), Released,
            new HashSet<Purpose> { Purpose.Matching }, today.AddDays(-1), today.AddYears(1), "Read benchmark: provincial approval"), "benchmark", cancellationToken);
        await WriteConsentsAsync(database, arguments, today, cancellationToken);
        report.Load = load.Elapsed;
        report.Counts = await CountsAsync(database, cancellationToken);
        Step(string.Create(CultureInfo.InvariantCulture, $"    loaded in {load.Elapsed.TotalSeconds:N0} s"));

        using var issuer = await DevelopmentTokenIssuer.OpenAsync(Path.Combine(scratch.Folder, "keys"), cancellationToken);
        using var releases = new ReleaseShare();
        Step("Starting the hub in this process");
        var app = await HubApplication.BuildAsync(["--urls", "http://127.0.0.1:0"],
            builder => builder.Configuration.AddInMemoryCollection(Settings(server, scratch.Folder, issuer)), cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = arguments.Clients }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Mint(MatcherClient, $"{Scopes.IndexRead} {Scopes.Match}", TimeSpan.FromHours(3)));
            await MeasureQueriesAsync(report, arguments, database, http, releases, today, cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
        return report;
    }

    /// <summary>What the matchers' agreement and the graduates' consents release (the release benchmark's subscriber holds the same).</summary>
    internal static readonly HashSet<DataCategory> Released =
        [DataCategory.Identity, DataCategory.Education, DataCategory.Contact, DataCategory.Outcomes, DataCategory.Eligibility];

    private static async Task MeasureQueriesAsync(
        ReadReport report, ReadArguments arguments, NpgsqlDataSource database, HttpClient http, ReleaseShare releases, DateOnly today, CancellationToken cancellationToken)
    {
        var searches = (from prefecture in Enumerable.Range(1, 17)
                        from skill in IndexPopulation.Skills
                        select (Region: $"41{prefecture:00}", Skill: skill)).ToList();
        Step("Collecting handles (from searches) and change-feed cursors");
        var handles = new List<string>();
        foreach (var (region, skill) in searches)
        {
            using var answer = JsonDocument.Parse(await http.GetStringAsync(SearchPath(region, skill), cancellationToken));
            handles.AddRange(answer.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()!));
        }
        var cursors = new List<string?> { null };
        for (var page = 0; page < 100; page++)
        {
            using var answer = JsonDocument.Parse(await http.GetStringAsync(ChangesPath(cursors[^1]), cancellationToken));
            if (answer.RootElement.GetProperty("changes").GetArrayLength() == 0)
                break;
            cursors.Add(answer.RootElement.GetProperty("next").GetString());
        }
        if (handles.Count == 0)
            throw new InvalidOperationException("The searches released no graduate: the agreement or the consents are not in force.");
        Step(string.Create(CultureInfo.InvariantCulture, $"    {handles.Count:N0} handles, {cursors.Count} cursors"));

        var retrieval = new MatchRetrieval(database);
        var engine = new MatchEngine(new MatchScorer(MatchVocabulary.Shipped), new PolicyEligibilityCheck(MatchVocabulary.Shipped));
        var graduateSearch = new GraduateSearch(database);
        var feed = new ChangeFeedReader(database);
        var changes = report.Counts.GetValueOrDefault("changes");
        var consented = Enumerable.Range(1, arguments.Graduates).Where(i => Consents(i, arguments)).ToArray();
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        await MeasureAsync(report, arguments, releases, Search, TimeSpan.FromMilliseconds(20),
            (r, ct) => SendAsync(http, releases, Search, new HttpRequestMessage(HttpMethod.Get, SearchPath(searches[r.Next(searches.Count)])), ct),
            async (r, ct) =>
            {
                var (region, skill) = searches[r.Next(searches.Count)];
                var filter = new GraduateFilter(OriginRegion: CodeRange.Of(region), EducationLevel: CodeRange.Of("20"), Skills: [skill], AsOf: today);
                return await graduateSearch.SearchAsync(filter, 0, 20, ct) is not null;
            }, cancellationToken);
        // A vacancy that gives points beyond qualifications can lift any candidate above the rest,
        // so its match reads more of them: its latencies are shown apart.
        var offering = await VacanciesGivingExtraPointsAsync(database, cancellationToken);
        var byOffer = new ConcurrentQueue<(bool Offers, TimeSpan Latency)>();
        await MeasureAsync(report, arguments, releases, MatchVacancy, TimeSpan.FromMilliseconds(50),
            async (r, ct) =>
            {
                var v = r.Next(1, arguments.Vacancies + 1);
                var started = Stopwatch.GetTimestamp();
                var succeeded = await SendAsync(http, releases, MatchVacancy, Match(new { purpose = "matching", vacancy = Vacancy(v), limit = 20 }), ct);
                byOffer.Enqueue((offering.Contains(v), Stopwatch.GetElapsedTime(started)));
                return succeeded;
            },
            async (r, ct) =>
            {
                var v = r.Next(1, arguments.Vacancies + 1);
                var vacancy = await retrieval.VacancyAsync(IndexPopulation.VacancyEmployer(v), $"JOB-{v}", ct);
                if (vacancy is null)
                    return false;
                // As the hub ranks them, as far as a page of 20 reaches when only the consenting share may be shown.
                var picked = await retrieval.PickCandidatesAsync(vacancy.Record, ct);
                var ranked = 0;
                await foreach (var _ in engine.RankCandidatesAsync(vacancy.Record, picked, retrieval.ReadCandidatesAsync, c => c.Profile, 100, day, ct))
                {
                    if (++ranked == 20 * 100 / arguments.ConsentPercent)
                        break;
                }
                return ranked > 0;
            }, cancellationToken, byOffer);
        await MeasureAsync(report, arguments, releases, MatchGraduate, TimeSpan.FromMilliseconds(50),
            (r, ct) => SendAsync(http, releases, MatchGraduate, Match(new { purpose = "matching", graduate = new { handle = handles[r.Next(handles.Count)] }, limit = 20 }), ct),
            async (r, ct) =>
            {
                var candidate = await retrieval.CandidateAsync(IndexPopulation.KeyOf(consented[r.Next(consented.Length)]), ct);
                if (candidate is null)
                    return false;
                await retrieval.VacanciesForAsync(candidate.Profile.Graduate, day, ct);
                await retrieval.PoliciesAsync(day, ct);
                return true;
            }, cancellationToken);
        await MeasureAsync(report, arguments, releases, Changes, TimeSpan.FromMilliseconds(5),
            (r, ct) => SendAsync(http, releases, Changes, new HttpRequestMessage(HttpMethod.Get, ChangesPath(cursors[r.Next(cursors.Count)])), ct),
            async (r, ct) => (await feed.ReadAsync(r.NextInt64(0, Math.Max(1, changes - 1_000)), 100, ct)).Count == 100, cancellationToken);
    }

    private static async Task MeasureAsync(
        ReadReport report, ReadArguments arguments, ReleaseShare releases, string query, TimeSpan target,
        Func<Random, CancellationToken, Task<bool>> request, Func<Random, CancellationToken, Task<bool>> plain, CancellationToken cancellationToken,
        ConcurrentQueue<(bool Offers, TimeSpan Latency)>? split = null)
    {
        Step($"{query}: warming up");
        await ClosedLoop.RunAsync(arguments.Clients, TimeSpan.FromSeconds(Math.Min(5, arguments.Seconds / 4)), request, cancellationToken);
        releases.Reset(query);
        Step($"{query}: {arguments.Seconds} s through HTTP");
        split?.Clear();
        var through = await ClosedLoop.RunAsync(arguments.Clients, TimeSpan.FromSeconds(arguments.Seconds), request, cancellationToken);
        if (split is not null)
        {
            foreach (var group in split.GroupBy(s => s.Offers).OrderBy(g => g.Key))
            {
                var figures = ClosedLoop.Summarise(group.Select(s => s.Latency));
                Step(string.Create(CultureInfo.InvariantCulture,
                    $"    {(group.Key ? "vacancies giving points beyond qualifications" : "the other vacancies")}: {figures.Requests} requests, p50 {figures.P50:N1} ms, p99 {figures.P99:N1} ms, slowest {figures.Max:N1} ms"));
            }
        }
        var share = releases.Of(query);
        var database = releases.DatabaseOf(query);
        Step($"{query}: {arguments.Seconds / 4} s as the plain index query");
        var floor = await ClosedLoop.RunAsync(arguments.Clients, TimeSpan.FromSeconds(arguments.Seconds / 4), plain, cancellationToken);
        report.Queries.Add(new QueryFigures(query, through, floor, share, database, target));
        Step(string.Create(CultureInfo.InvariantCulture,
            $"    p50 {through.P50:N1} ms, p99 {through.P99:N1} ms, {through.PerSecond:N0}/s, {through.Errors} errors; plain p50 {floor.P50:N1} ms, p99 {floor.P99:N1} ms; release {share:P0} (in the database {database:P0}; {releases.Unfiled} release activities unfiled so far)"));
    }

    // Judged by the engine's own rule (MatchScorer.MostExtraPoints): an inclusive-hiring flag that gives no points does not count.
    private static async Task<HashSet<int>> VacanciesGivingExtraPointsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select substr(source_record_id, 5)::int, record::text from current_records
            where kind = 'vacancy' and source_record_id like 'JOB-%'
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var giving = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var vacancy = (VacancyRecord)RecordJson.Deserialize(RecordKind.Vacancy, Encoding.UTF8.GetBytes(reader.GetString(1)));
            if (MatchScorer.MostExtraPoints(vacancy) > 0)
                giving.Add(reader.GetInt32(0));
        }
        return giving;
    }

    private static async Task<bool> SendAsync(HttpClient http, ReleaseShare releases, string query, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await releases.SendAsync(http, query, request, cancellationToken))
            return response.IsSuccessStatusCode;
    }

    private static HttpRequestMessage Match(object body) =>
        new(HttpMethod.Post, "/v1/match") { Content = JsonContent.Create(body, options: s_json) };

    private static object Vacancy(int v) => new { sourceOrganisation = IndexPopulation.VacancyEmployer(v), recordId = $"JOB-{v}" };

    private static string SearchPath((string Region, string Skill) search) => SearchPath(search.Region, search.Skill);

    private static string SearchPath(string region, string skill) =>
        $"/v1/graduates?purpose=matching&region={region}&education=20&skills={Uri.EscapeDataString(skill)}&limit=20";

    private static string ChangesPath(string? after) =>
        after is null ? "/v1/changes?purpose=matching&limit=100" : $"/v1/changes?purpose=matching&limit=100&after={Uri.EscapeDataString(after)}";

    // Spread over the population rather than its first subjects, so that every page meets some.
    private static bool Consents(int graduate, ReadArguments arguments) => graduate % 100 < arguments.ConsentPercent;

    private static async Task WriteConsentsAsync(NpgsqlDataSource database, ReadArguments arguments, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var consents = await connection.BeginBinaryImportAsync("""
            copy access.consent (source_organisation, source_record_id, subject_key, grantee_role, purposes, categories, valid_from, valid_through,
                                 status, given_at, evidence_method, evidence_reference, updated_at) from stdin (format binary)
            """, cancellationToken);
        var categories = Released.Select(c => c.Name()).ToArray();
        var given = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 1; i <= arguments.Graduates; i++)
        {
            if (!Consents(i, arguments))
                continue;
            await consents.StartRowAsync(cancellationToken);
            await consents.WriteAsync(IndexPopulation.Institutions[0], NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync($"CON-{i}", NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync(IndexPopulation.KeyOf(i), NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync("matcher", NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync(new[] { "matching" }, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync(categories, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync(today.AddDays(-1), NpgsqlDbType.Date, cancellationToken);
            await consents.WriteAsync(today.AddYears(1), NpgsqlDbType.Date, cancellationToken);
            await consents.WriteAsync("active", NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync(given, NpgsqlDbType.TimestampTz, cancellationToken);
            await consents.WriteAsync("online-click", NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync($"READ-EVIDENCE-{i}", NpgsqlDbType.Text, cancellationToken);
            await consents.WriteAsync(given, NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await consents.CompleteAsync(cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var command = database.CreateCommand("""
            select kind, count(*) from current_records group by kind
            union all select 'graduate profiles', count(*) from graduate_profile
            union all select 'vacancy profiles', count(*) from vacancy_profile
            union all select 'changes', count(*) from index_changes
            union all select 'consents', count(*) from access.consent
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static Dictionary<string, string?> Settings(Exchange.Postgres.Embedded.EmbeddedPostgres server, string folder, DevelopmentTokenIssuer issuer)
    {
        var settings = HubRun.Settings(server, "hub_read", folder, issuer).ToDictionary(s => s.Key, s => (string?)s.Value);
        settings["Exchange:Clients:1:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer;
        settings["Exchange:Clients:1:ClientId"] = MatcherClient;
        settings["Exchange:Clients:1:Organisation"] = MatcherOrganisation;
        settings["Exchange:Clients:1:Role"] = "matcher";
        settings["Exchange:Clients:1:Scopes:0"] = Scopes.IndexRead;
        settings["Exchange:Clients:1:Scopes:1"] = Scopes.Match;
        return settings;
    }

    private static void Step(string what) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{s_clock.Elapsed:hh\\:mm\\:ss}] {what}"));
}
