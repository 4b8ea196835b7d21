using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Exchange.Log;
using Exchange.Log.Kafka;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Tests;

/// <summary>
/// Two hub processes share one PostgreSQL (as the least-privileged runtime role, after
/// <c>exchange migrate</c>) and one Kafka cluster (librdkafka's mock brokers, hosted by the
/// test): the merger's consumer group splits the partitions between them, and when one is killed
/// the other takes its partitions over and the index ends with every record exactly once.
/// </summary>
public sealed partial class SeveralInstancesOnKafkaTests
{
    private const string University = "12100000400000624D";
    private const int Partitions = 6;
    private const int Batch = 1_500;

    [Fact]
    public async Task Two_instances_split_the_mergers_partitions_and_the_survivor_of_a_kill_merges_everything_once()
    {
        var root = Path.Combine("/tmp", $"exchange-cli-kafka-{Guid.NewGuid():N}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        using var kafka = MockCluster.Start(3);
        foreach (var topic in Topics.All)
            kafka.CreateTopic(topic, Partitions, 3);
        await using var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres") },
            NullLogger.Instance, timeout.Token);
        HubProcess? first = null, second = null;
        try
        {
            const string RuntimePassword = "runtime-password-of-the-kafka-test";
            var (migrated, migrateOutput, migrateError) = await CliRunner.RunAsync("migrate",
                "--setting", $"ConnectionStrings:ExchangeMigration={postgres.ConnectionString}",
                "--setting", $"Exchange:Postgres:RuntimePassword={RuntimePassword}");
            Assert.True(migrated == 0, migrateError + migrateOutput);
            var runtime = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Username = "exchange_runtime", Password = RuntimePassword }.ConnectionString;
            var (minted, token, mintError) = await CliRunner.RunAsync("token", "--key-dir", Path.Combine(root, "keys"), "--client", "pku-sis", "--scope", "records:write:graduate");
            Assert.True(minted == 0, mintError);
            string[] settings =
            [
                $"ConnectionStrings:Exchange={runtime}",
                $"Exchange:Secrets:Pseudonymisation={Convert.ToBase64String(Encoding.UTF8.GetBytes("linkage-secret-shared-by-both-instances"))}",
                $"Exchange:Secrets:Handles={Convert.ToBase64String(Encoding.UTF8.GetBytes("handle-secret-shared-by-both-instances!"))}",
                $"Exchange:Kafka:BootstrapServers={kafka.BootstrapServers}",
                $"Exchange:Kafka:Partitions={Partitions}",
                // A killed member's partitions move after its session times out: 6 s, not the default 45.
                "Exchange:Kafka:ConsumerConfig:session.timeout.ms=6000",
                "Exchange:Kafka:ConsumerConfig:heartbeat.interval.ms=500",
                "Exchange:Tokens:Issuers:0:Issuer=exchange-dev",
                "Exchange:Tokens:Issuers:0:Audiences:0=exchange-hub",
                $"Exchange:Tokens:Issuers:0:JwksFile={root}/keys/jwks.json",
                "Exchange:Clients:0:Issuer=exchange-dev",
                "Exchange:Clients:0:ClientId=pku-sis",
                $"Exchange:Clients:0:Organisation={University}",
                "Exchange:Clients:0:Role=university",
                "Exchange:Clients:0:Scopes:0=records:write:graduate",
                $"Exchange:Ingest:Institutions:{University}=4111010001",
                "Logging:LogLevel:Exchange.Log=Information",
            ];
            first = await HubProcess.StartAsync(settings, timeout.Token);
            second = await HubProcess.StartAsync(settings, timeout.Token);
            var mergedPartitions = Partitions * Exchange.Index.Merging.MergerHost.MergedTopics.Count;

            // The group settles with both members holding a share.
            var settleBy = DateTime.UtcNow.AddMinutes(2);
            while (!(Holds(first) is > 0 and var a && Holds(second) is > 0 and var b && a + b == mergedPartitions))
            {
                Assert.True(DateTime.UtcNow < settleBy, $"The group did not settle: {Holds(first)} + {Holds(second)} of {mergedPartitions}.\n"
                    + string.Join('\n', first.Log.Concat(second.Log).Where(l => l.Contains("Group", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("Kafka", StringComparison.Ordinal)).Take(40)));
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }

            using var http = new HttpClient { BaseAddress = first.Address, Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
            await PushAsync(http, 0, timeout.Token);
            await using var index = NpgsqlDataSource.Create(postgres.ConnectionString);
            await WaitForGraduatesAsync(index, Batch, timeout.Token);

            await second.KillAsync();
            await PushAsync(http, Batch, timeout.Token);
            await WaitForGraduatesAsync(index, 2 * Batch, timeout.Token);

            Assert.Equal(mergedPartitions, Holds(first));
            await using var connection = await index.OpenConnectionAsync(timeout.Token);
            var (records, distinct) = await connection.QuerySingleAsync<(long, long)>(
                "select count(*), count(distinct source_record_id) from public.record_envelope where kind = 'graduate'");
            Assert.Equal((2L * Batch, 2L * Batch), (records, distinct));
            Assert.Equal(2L * Batch, await connection.ExecuteScalarAsync<long>("select count(*) from public.current_records where kind = 'graduate'"));
        }
        finally
        {
            if (first is not null)
                await first.DisposeAsync();
            if (second is not null)
                await second.DisposeAsync();
            await postgres.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // The partitions the instance's merger last said it holds; 0 before it said anything.
    private static int Holds(HubProcess hub) =>
        hub.Log.Select(line => Holding().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).LastOrDefault();

    private static async Task WaitForGraduatesAsync(NpgsqlDataSource index, long count, CancellationToken cancellationToken)
    {
        await using var connection = await index.OpenConnectionAsync(cancellationToken);
        while (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from public.record_envelope where kind = 'graduate'", cancellationToken: cancellationToken)) < count)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
    }

    private static async Task PushAsync(HttpClient http, int from, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("/v1/records/graduate", new StringContent(SampleGraduates.Json("PKU-KAFKA-", new DateOnly(2001, 1, 1), from, Batch), Encoding.UTF8, "application/json"), cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, answer);
        Assert.Equal(Batch, (int)JsonNode.Parse(answer)!["accepted"]!);
    }

    [GeneratedRegex(@"Group exchange\.index\.merger member \S+ now holds (\d+) partitions")]
    private static partial Regex Holding();
}
