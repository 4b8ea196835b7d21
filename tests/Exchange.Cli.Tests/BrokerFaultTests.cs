using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Exchange.Log;
using Exchange.Log.Kafka;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Cli.Tests;

/// <summary>
/// An <c>exchange serve</c> process on a Kafka cluster (librdkafka's mock brokers, hosted by the
/// test) takes graduates pushed over HTTP while the cluster suffers, in turn, a broker down, errors
/// on produce, fetch and commit, and moved leaders: every record ends in the index exactly once.
/// </summary>
public sealed class BrokerFaultTests(ITestOutputHelper output)
{
    private const string University = "12100000400000624D";
    private const int Partitions = 6;
    private const int Graduates = 20_000;
    private const int BatchSize = 500;

    [Fact]
    public async Task Graduates_pushed_through_broker_faults_are_each_merged_exactly_once()
    {
        var root = Path.Combine("/tmp", $"exchange-cli-broker-faults-{Guid.NewGuid():N}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        using var kafka = MockCluster.Start(3);
        foreach (var topic in Topics.All)
            kafka.CreateTopic(topic, Partitions, 3);
        await using var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres") },
            NullLogger.Instance, timeout.Token);
        HubProcess? hub = null;
        try
        {
            var (minted, token, mintError) = await CliRunner.RunAsync("token", "--key-dir", Path.Combine(root, "keys"), "--client", "pku-sis", "--scope", "records:write:graduate");
            Assert.True(minted == 0, mintError);
            hub = await HubProcess.StartAsync(Settings(postgres.ConnectionString, kafka.BootstrapServers, root), timeout.Token);

            using var http = new HttpClient { BaseAddress = hub.Address, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
            await using var index = NpgsqlDataSource.Create(postgres.ConnectionString);
            var batches = Enumerable.Range(0, Graduates / BatchSize)
                .Select(b => new FaultBatch(Encoding.UTF8.GetBytes(SampleGraduates.Json("PKU-FAULT-", new DateOnly(2003, 1, 1), b * BatchSize, BatchSize)), "application/json", BatchSize))
                .ToList();
            var recordIds = Enumerable.Range(0, Graduates).Select(n => string.Create(CultureInfo.InvariantCulture, $"PKU-FAULT-{n:D5}")).ToList();
            var running = hub;
            var scenario = new BrokerFaultScenario(http, kafka, index, batches, recordIds, () => running.HasExited, output.WriteLine)
            {
                FaultHold = TimeSpan.FromSeconds(5),
            };

            var outcome = await scenario.RunAsync(timeout.Token);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Pushed} pushed, {outcome.LogMessages} messages in the log, {outcome.Stored} stored ({outcome.DistinctStored} distinct), {outcome.InForce} in force; lost {outcome.Lost}, doubled {outcome.Doubled}; {outcome.RetriedPushes} pushes retried ({string.Join(", ", outcome.Failures.Select(f => $"{f.Key}: {f.Value}"))}); {outcome.Elapsed.TotalSeconds:0.0} s"));
            Assert.Equal((0, 0L), (outcome.Lost, outcome.Doubled));
            Assert.Equal((Graduates, (long)Graduates, (long)Graduates), (outcome.Pushed, outcome.Stored, outcome.InForce));
            Assert.Equal(4, outcome.Recoveries.Count);
            Assert.True(outcome.RetriedPushes > 0, "no push failed while the broker was down, so no retry was tested");
            // A push the log could not store is an outage the sender is told to wait out, never a bare 500.
            Assert.DoesNotContain("500", outcome.Failures.Keys);
            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), timeout.Token);
            Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync(timeout.Token));
        }
        catch when (hub is not null)
        {
            // The hub's warnings and failures, then its last words.
            var log = hub.Log.ToList();
            output.WriteLine(string.Join('\n', log.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("warn", StringComparison.Ordinal) || l.line.StartsWith("fail", StringComparison.Ordinal) || l.line.StartsWith("crit", StringComparison.Ordinal))
                .SelectMany(l => log.Skip(l.i).Take(6)).Take(200)));
            output.WriteLine(string.Join('\n', log.TakeLast(20)));
            throw;
        }
        finally
        {
            if (hub is not null)
                await hub.DisposeAsync();
            await postgres.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string[] Settings(string database, string bootstrapServers, string root) =>
    [
        $"ConnectionStrings:Exchange={database}",
        "Exchange:Postgres:MigrateOnStart=true",
        $"Exchange:Secrets:Pseudonymisation={Convert.ToBase64String(Encoding.UTF8.GetBytes("linkage-secret-of-the-broker-fault-test"))}",
        $"Exchange:Secrets:Handles={Convert.ToBase64String(Encoding.UTF8.GetBytes("handle-secret-of-the-broker-fault-test!!"))}",
        $"Exchange:Kafka:BootstrapServers={bootstrapServers}",
        $"Exchange:Kafka:Partitions={Partitions}",
        // An append waits for a broker at most 2 s, less than the broker stays down: pushes then fail and are retried.
        "Exchange:Kafka:ProducerConfig:message.timeout.ms=2000",
        // Offsets are committed often, so that the commit errors meet a commit while they are in force.
        "Exchange:Kafka:ConsumerConfig:auto.commit.interval.ms=500",
        "Exchange:Tokens:Issuers:0:Issuer=exchange-dev",
        "Exchange:Tokens:Issuers:0:Audiences:0=exchange-hub",
        $"Exchange:Tokens:Issuers:0:JwksFile={root}/keys/jwks.json",
        "Exchange:Clients:0:Issuer=exchange-dev",
        "Exchange:Clients:0:ClientId=pku-sis",
        $"Exchange:Clients:0:Organisation={University}",
        "Exchange:Clients:0:Role=university",
        "Exchange:Clients:0:Scopes:0=records:write:graduate",
        $"Exchange:Ingest:Institutions:{University}=4111010001",
        "Exchange:RateLimits:PermitsPerSecond=1000",
        "Exchange:RateLimits:Burst=1000",
        "Logging:LogLevel:Exchange.Log=Information",
    ];
}
