using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Exchange.Access.Tokens;
using Exchange.Benchmarks.Ingest;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Benchmarks.BadInput;

/// <summary>
/// <c>badinput --rounds N</c>: a hub process on the embedded PostgreSQL is sent the same mix of bad
/// input N times over (<see cref="BadInputMix"/>), and its resident memory is read from /proc
/// after every round, to tell memory the hub keeps for reuse from memory it loses. Exits non-zero
/// on any error, including an answer other than the one the mix expects; growth is reported,
/// not an error.
/// </summary>
internal static class BadInputBenchmark
{
    private const string Database = "hub_badinput";

    public static Task<int> RunAsync(string[] args) =>
        BenchmarkRun.RunAsync("badinput", args, BadInputArguments.Parse, MeasureAsync);

    private static async Task<BadInputReport> MeasureAsync(BadInputArguments arguments, BenchmarkScratch scratch, CancellationToken cancellationToken)
    {
        Step("Building the mix of bad input");
        var mix = BadInputMix.Create();

        Step("Starting the embedded PostgreSQL");
        var server = await scratch.StartPostgresAsync(cancellationToken);
        var folder = scratch.Folder;
        await CreateDatabaseAsync(server, cancellationToken);
        using var issuer = await DevelopmentTokenIssuer.OpenAsync(Path.Combine(folder, "keys"), cancellationToken);

        Step("Starting the hub");
        await using var hub = await HubProcess.StartAsync(
            HubRun.Settings(server, Database, folder, issuer), arguments.HubEnvironment, cancellationToken);
        var report = new BadInputReport(arguments, Mib(hub.ProcessId, "VmRSS"));

        using var http = new HttpClient { BaseAddress = hub.Address, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Mint(HubRun.ClientId, HubRun.Scope, TimeSpan.FromHours(4)));

        for (var round = 1; round <= arguments.Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var answers = round == 1 ? report.FirstAnswers : round == arguments.Rounds ? report.LastAnswers : null;
            foreach (var request in mix)
            {
                var answer = await SendAsync(http, request, cancellationToken);
                if (answer.Status != (int)request.Expected)
                    throw new InvalidOperationException(
                        $"Round {round}, {request.Name}: answered {answer.Status}, expected {(int)request.Expected}: {answer.Summary}{Environment.NewLine}Hub log tail:{Environment.NewLine}{hub.OutputTail()}");
                answers?.Add(answer);
            }
            var memory = new RoundMemory(round, Mib(hub.ProcessId, "VmRSS"), Mib(hub.ProcessId, "RssAnon"), Mib(hub.ProcessId, "VmHWM"), MemoryMap.Read(hub.ProcessId), clock.Elapsed);
            report.Rounds.Add(memory);
            if (round == 1 || round % arguments.Every == 0)
                Step(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"    round {round}: RSS {memory.RssMib:N0} MiB (GC heap {memory.Map.GcHeapMib:N0}, malloc {memory.Map.MallocMib:N0}), HWM {memory.HighWaterMarkMib:N0} MiB, {memory.Elapsed.TotalSeconds:N1} s"));
        }
        return report;
    }

    private static async Task<RequestAnswer> SendAsync(HttpClient http, BadRequest request, CancellationToken cancellationToken)
    {
        using var content = request.Content();
        using var response = await http.PostAsync(new Uri("/v1/records/graduate", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RequestAnswer(request.Name, request.Bytes, (int)response.StatusCode, Summarise(body));
    }

    // Counts for a batch answer, the problem code for a refusal; never a record's fields.
    private static string Summarise(byte[] body)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            var root = answer.RootElement;
            if (root.TryGetProperty("accepted", out var accepted))
                return $"{accepted.GetInt32()} accepted, {root.GetProperty("duplicates").GetInt32()} duplicates, {root.GetProperty("rejected").GetInt32()} rejected";
            return root.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return $"{body.Length} bytes, not JSON";
        }
    }

    private static double Mib(int pid, string field) => (ProcFs.StatusKb(pid, field) ?? 0) / 1024.0;

    private static async Task CreateDatabaseAsync(EmbeddedPostgres server, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor("postgres"));
        // A fixed identifier, never input: CREATE DATABASE takes no parameters.
        await using var command = dataSource.CreateCommand($"create database {Database}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    private static void Step(string what) =>
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{s_clock.Elapsed:hh\\:mm\\:ss}] {what}"));
}
