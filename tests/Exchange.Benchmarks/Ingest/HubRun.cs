using Exchange.Access.Tokens;
using Exchange.Postgres.Embedded;

namespace Exchange.Benchmarks.Ingest;

/// <summary>What one streaming run through a hub process measured.</summary>
/// <remarks>The brokers' figures are 0 on the embedded log, which has none.</remarks>
internal sealed record HubRunResult(
    int Records, TimeSpan Elapsed, double IdleRssMb, double HighWaterMarkMb, double PeakRssMb,
    double HubCpuSeconds, double PostgresCpuSeconds, double SenderCpuSeconds, double BrokerCpuSeconds, double BrokerHighWaterMarkMb)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}

/// <summary>Starts a hub process on a fresh database, streams every batch through it, and measures it.</summary>
internal static class HubRun
{
    public const string ClientId = "bench-university";
    public const string Scope = "records:write:graduate";

    /// <summary>
    /// Runs the hub on the embedded log, or on Kafka with <paramref name="brokers"/>, streams every
    /// batch, and stops the hub in any case. With <paramref name="merging"/> false the hub does not
    /// merge (<c>Exchange:Index:Merger:Enabled</c>): the door is measured alone. The
    /// <paramref name="warmUp"/> batches are streamed first and not measured.
    /// </summary>
    public static async Task<HubRunResult> RunAsync(
        EmbeddedPostgres server, string database, string folder, DevelopmentTokenIssuer issuer, BrokerProcess? brokers, bool merging,
        IReadOnlyList<RecordBatch> warmUp, IReadOnlyList<RecordBatch> batches, int senders, CancellationToken cancellationToken)
    {
        var settings = Settings(server, database, folder, issuer, brokers?.BootstrapServers)
            .Append(new("Exchange:Index:Merger:Enabled", merging ? "true" : "false"));
        await using var hub = await HubProcess.StartAsync(settings, cancellationToken);
        var idleRss = (ProcFs.StatusKb(hub.ProcessId, "VmRSS") ?? 0) / 1024.0;
        var token = issuer.Mint(ClientId, Scope, TimeSpan.FromHours(2));
        if (warmUp.Count > 0)
            await RecordSender.SendAllAsync(hub.Address, token, warmUp, senders, cancellationToken);

        HubRunResult result;
        await using (var memory = new MemorySampler(hub.ProcessId))
        {
            var hubCpu = ProcFs.CpuSeconds(hub.ProcessId);
            var postgresCpu = ProcFs.CpuSecondsWithChildren(server.ProcessId);
            var senderCpu = ProcFs.CpuSeconds(Environment.ProcessId);
            var brokerCpu = brokers is null ? 0 : ProcFs.CpuSeconds(brokers.ProcessId);
            Exception? failure = null;
            TimeSpan elapsed = default;
            try
            {
                elapsed = await RecordSender.SendAllAsync(hub.Address, token, batches, senders, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }
            if (failure is not null)
                throw new InvalidOperationException($"{failure.Message}{Environment.NewLine}Hub log tail:{Environment.NewLine}{hub.OutputTail()}", failure);

            result = new HubRunResult(
                batches.Sum(b => b.Count), elapsed, idleRss, memory.HighWaterMarkMb, memory.PeakRssMb,
                ProcFs.CpuSeconds(hub.ProcessId) - hubCpu,
                ProcFs.CpuSecondsWithChildren(server.ProcessId) - postgresCpu,
                ProcFs.CpuSeconds(Environment.ProcessId) - senderCpu,
                brokers is null ? 0 : ProcFs.CpuSeconds(brokers.ProcessId) - brokerCpu,
                brokers is null ? 0 : (ProcFs.StatusKb(brokers.ProcessId, "VmHWM") ?? 0) / 1024.0);
        }
        return result;
    }

    /// <summary>
    /// The settings of a hub on <paramref name="database"/> that takes the synthetic university's
    /// records, on the embedded log or, given <paramref name="kafkaBootstrapServers"/>, on those brokers.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string>> Settings(
        EmbeddedPostgres server, string database, string folder, DevelopmentTokenIssuer issuer, string? kafkaBootstrapServers = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Exchange"] = server.ConnectionStringFor(database),
            ["Exchange:Postgres:MigrateOnStart"] = "true",
            // Nothing of the hub's lands beside the binaries.
            ["Exchange:Postgres:DataDirectory"] = Path.Combine(folder, $"hub-{database}", "postgres"),
            ["Exchange:Secrets:Pseudonymisation"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Exchange:Secrets:Handles"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Exchange:Tokens:Issuers:0:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer,
            ["Exchange:Tokens:Issuers:0:Audiences:0"] = DevelopmentTokenIssuer.DefaultAudience,
            ["Exchange:Tokens:Issuers:0:JwksFile"] = issuer.JwksPath,
            ["Exchange:Clients:0:Issuer"] = DevelopmentTokenIssuer.DefaultIssuer,
            ["Exchange:Clients:0:ClientId"] = ClientId,
            ["Exchange:Clients:0:Organisation"] = SyntheticGraduates.Organisation,
            ["Exchange:Clients:0:Role"] = "university",
            ["Exchange:Clients:0:Scopes:0"] = Scope,
            [$"Exchange:Ingest:Institutions:{SyntheticGraduates.Organisation}"] = SyntheticGraduates.InstitutionCode,
            ["Exchange:RateLimits:PermitsPerSecond"] = "100000",
            ["Exchange:RateLimits:Burst"] = "100000",
            // Quiet per-request logging.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (kafkaBootstrapServers is not null)
            settings["Exchange:Kafka:BootstrapServers"] = kafkaBootstrapServers;
        return settings;
    }
}
