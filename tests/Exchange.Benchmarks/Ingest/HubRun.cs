using Exchange.Access.Tokens;
using Exchange.Postgres.Embedded;

namespace Exchange.Benchmarks.Ingest;

/// <summary>What one streaming run through a hub process measured.</summary>
internal sealed record HubRunResult(
    int Records, TimeSpan Elapsed, double IdleRssMb, double HighWaterMarkMb, double PeakRssMb,
    double HubCpuSeconds, double PostgresCpuSeconds, double SenderCpuSeconds)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}

/// <summary>Starts a hub process on a fresh database, streams every batch through it, and measures it.</summary>
internal static class HubRun
{
    public const string ClientId = "bench-university";
    public const string Scope = "records:write:graduate";

    /// <summary>
    /// Runs the hub, streams, then (while the hub still runs) calls <paramref name="whileRunning"/>
    /// with the hub's mock bootstrap servers (null on the embedded log); stops the hub in any case.
    /// </summary>
    public static async Task<HubRunResult> RunAsync(
        EmbeddedPostgres server, string database, string folder, DevelopmentTokenIssuer issuer, bool kafka,
        IReadOnlyList<RecordBatch> batches, int senders, Func<string?, Task>? whileRunning, CancellationToken cancellationToken)
    {
        await using var hub = await HubProcess.StartAsync(Settings(server, database, folder, issuer, kafka), cancellationToken);
        var bootstrap = kafka ? await hub.MockBootstrapServersAsync(cancellationToken) : null;
        var idleRss = (ProcFs.StatusKb(hub.ProcessId, "VmRSS") ?? 0) / 1024.0;
        var token = issuer.Mint(ClientId, Scope, TimeSpan.FromHours(2));

        HubRunResult result;
        await using (var memory = new MemorySampler(hub.ProcessId))
        {
            var hubCpu = ProcFs.CpuSeconds(hub.ProcessId);
            var postgresCpu = ProcFs.CpuSecondsWithChildren(server.ProcessId);
            var senderCpu = ProcFs.CpuSeconds(Environment.ProcessId);
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
                ProcFs.CpuSeconds(Environment.ProcessId) - senderCpu);
        }

        if (whileRunning is not null)
            await whileRunning(bootstrap);
        return result;
    }

    /// <summary>The settings of a hub on <paramref name="database"/> that takes the synthetic university's records.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> Settings(
        EmbeddedPostgres server, string database, string folder, DevelopmentTokenIssuer issuer, bool kafka)
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
            // Quiet per-request logging, but keep the line that names the mock brokers.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Exchange.Log.Kafka"] = "Information",
        };
        if (kafka)
            settings["Exchange:Kafka:Mock"] = "3";
        return settings;
    }
}
