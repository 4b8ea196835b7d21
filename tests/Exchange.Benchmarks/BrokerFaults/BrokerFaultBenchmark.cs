using System.Diagnostics;
using System.Globalization;
using Exchange.Access.Tokens;
using Exchange.Benchmarks.Ingest;
using Exchange.Cli.Tests;
using Exchange.Log;
using Exchange.Log.Kafka;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Benchmarks.BrokerFaults;

/// <summary>
/// <c>faults [--records N] [--batch N] [--hold S]</c>: the broker-fault test of the CLI tests
/// (tests/Exchange.Cli.Tests/BrokerFaultScenario.cs, compiled in here) at a size too long for CI —
/// by default 100,000 graduates — through a hub process on a mock Kafka cluster hosted by this
/// program. Prints lost and doubled records and the recovery after each fault; exits 1 when a
/// record was lost or doubled.
/// </summary>
internal static class BrokerFaultBenchmark
{
    private const int Partitions = 6;

    public static async Task<int> RunAsync(string[] args)
    {
        var (records, batchSize, hold) = (100_000, 500, 5);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--records": records = value; break;
                case "--batch": batchSize = value; break;
                case "--hold": hold = value; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}; use --records, --batch, --hold."); return 2;
            }
        }

        var folder = Directory.CreateDirectory(Path.Combine("/tmp", $"exchange-faults-bench-{Guid.NewGuid():N}")).FullName;
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            using var kafka = MockCluster.Start(3);
            foreach (var topic in Topics.All)
                kafka.CreateTopic(topic, Partitions, 3);
            await using var server = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "postgres") }, NullLogger.Instance, cancellation.Token);
            await using (var admin = NpgsqlDataSource.Create(server.ConnectionStringFor("postgres")))
            await using (var create = admin.CreateCommand("create database hub_faults"))
                await create.ExecuteNonQueryAsync(cancellation.Token);
            using var issuer = await DevelopmentTokenIssuer.OpenAsync(Path.Combine(folder, "keys"), cancellation.Token);

            var settings = HubRun.Settings(server, "hub_faults", folder, issuer).Concat(new Dictionary<string, string>
            {
                ["Exchange:Kafka:BootstrapServers"] = kafka.BootstrapServers,
                ["Exchange:Kafka:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
                // As in the test: appends give up on a broker before it comes back, so pushes fail and are retried.
                ["Exchange:Kafka:ProducerConfig:message.timeout.ms"] = "2000",
                ["Exchange:Kafka:ConsumerConfig:auto.commit.interval.ms"] = "500",
            });
            await using var hub = await HubProcess.StartAsync(settings, cancellation.Token);
            using var http = new HttpClient { BaseAddress = hub.Address, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", issuer.Mint(HubRun.ClientId, HubRun.Scope, TimeSpan.FromHours(2)));
            await using var index = NpgsqlDataSource.Create(server.ConnectionStringFor("hub_faults"));

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pushing {records:N0} graduates in batches of {batchSize} through five broker faults (each held {hold} s where held)"));
            var batches = SyntheticGraduates.Batches(SyntheticGraduates.Create(records), batchSize)
                .Select(b => new FaultBatch(b.Body, "application/x-ndjson", b.Count)).ToList();
            var recordIds = Enumerable.Range(0, records).Select(n => string.Create(CultureInfo.InvariantCulture, $"BENCH-{n:D8}")).ToList();
            var scenario = new BrokerFaultScenario(http, kafka, index, batches, recordIds, () => Exited(hub.ProcessId), Console.WriteLine)
            {
                FaultHold = TimeSpan.FromSeconds(hold),
            };
            var outcome = await scenario.RunAsync(cancellation.Token);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Pushed:N0} pushed; {outcome.LogMessages:N0} messages in the log; {outcome.Stored:N0} stored ({outcome.DistinctStored:N0} distinct); {outcome.InForce:N0} in force"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lost {outcome.Lost}, doubled {outcome.Doubled}; {outcome.RetriedPushes} pushes retried ({string.Join(", ", outcome.Failures.Select(f => $"{f.Key}: {f.Value}"))}); {outcome.Elapsed.TotalSeconds:0.0} s in all"));
            return outcome.Lost == 0 && outcome.Doubled == 0 && outcome.Stored == records ? 0 : 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"broker-fault benchmark failed: {e}");
            return 1;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not remove {folder}: {e.Message}");
            }
        }
    }

    private static bool Exited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
