using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Dapper;
using Exchange.Log;
using Exchange.Log.Kafka;
using Npgsql;

namespace Exchange.Cli.Tests;

/// <summary>How quickly the hub moved on after one fault: ingest (a push accepted) and merge (the merger's position advancing).</summary>
/// <param name="Fault">What was injected.</param>
/// <param name="MeasuredFrom">"injection", or "removal" for a fault held for a while.</param>
internal sealed record FaultRecovery(string Fault, string MeasuredFrom, TimeSpan? IngestResumedAfter, TimeSpan MergeResumedAfter);

/// <summary>What the index held at the end, against what was pushed.</summary>
internal sealed record BrokerFaultOutcome(
    int Pushed, long LogMessages, long Stored, long DistinctStored, long InForce, int Lost, long Doubled,
    int RetriedPushes, IReadOnlyDictionary<string, int> Failures, IReadOnlyList<FaultRecovery> Recoveries, TimeSpan Elapsed);

/// <summary>
/// Pushes graduates through a running hub on a mock Kafka cluster while injecting, one after the
/// other, the faults a real cluster has: the leader of some partitions down and back up;
/// NOT_LEADER_FOR_PARTITION and REQUEST_TIMED_OUT answered to the producer, then to the consumers'
/// fetches and offset commits; and every partition's leader moved. Each fault gets its own slice of
/// the batches, pushed while it is in force. Then it waits for the merger to merge all the log holds
/// and counts, by source record id, what the index holds against what was pushed.
/// </summary>
internal sealed class BrokerFaultScenario(
    HttpClient hub, MockCluster kafka, NpgsqlDataSource index, IReadOnlyList<FaultBatch> batches, IReadOnlyCollection<string> recordIds,
    Func<bool> hubExited, Action<string> report)
{
    private const int Partitions = 6;
    private static readonly string Topic = Topics.For(Core.Model.RecordKind.Graduate);

    /// <summary>How long a fault that has to be removed (a broker down) stays in force.</summary>
    public TimeSpan FaultHold { get; init; } = TimeSpan.FromSeconds(3);

    public async Task<BrokerFaultOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pusher = new BrokerFaultPusher(hub, clock, hubExited);
        await using var watch = BrokerFaultMergerWatch.Start(index, Topic, clock);
        var all = Enumerable.Range(0, Partitions).ToList();
        var leaders = Leaders();
        var down = leaders[0];
        var ledByDown = leaders.Where(l => l.Value == down).Select(l => l.Key).Order().ToList();
        var phases = new (string Fault, Action? Inject, Action? Remove, IReadOnlyCollection<int> Affected)[]
        {
            ("none (before any fault)", null, null, all),
            ($"broker {down} down (leader of partitions {string.Join(", ", ledByDown)}), then up", () => kafka.SetBrokerDown(down), () => kafka.SetBrokerUp(down), ledByDown),
            ("NOT_LEADER_FOR_PARTITION and REQUEST_TIMED_OUT on Produce", () => kafka.PushRequestErrors(KafkaApiKey.Produce, Alternating(6)), null, all),
            ("NOT_LEADER_FOR_PARTITION and REQUEST_TIMED_OUT on Fetch and OffsetCommit", () =>
            {
                kafka.PushRequestErrors(KafkaApiKey.Fetch, Alternating(6));
                kafka.PushRequestErrors(KafkaApiKey.OffsetCommit, Alternating(4));
            }, null, all),
            ("every partition's leader moved to the next broker", () => MoveLeaders(leaders), null, all),
            ("none (after the faults)", null, null, all),
        };

        var recoveries = new List<FaultRecovery>();
        var slice = (batches.Count + phases.Length - 1) / phases.Length;
        for (var phase = 0; phase < phases.Length; phase++)
        {
            var (fault, inject, remove, affected) = phases[phase];
            var moment = clock.Elapsed;
            inject?.Invoke();
            var pushing = PushAsync(pusher, phase * slice, Math.Min(batches.Count, (phase + 1) * slice), cancellationToken);
            if (remove is not null)
            {
                await Task.Delay(FaultHold, cancellationToken);
                moment = clock.Elapsed;
                remove();
            }
            await pushing;
            var merged = await watch.WaitForProgressAsync(moment, affected, cancellationToken);
            if (inject is null)
                continue;
            var recovery = new FaultRecovery(fault, remove is null ? "injection" : "removal", pusher.FirstAcceptedAfter(moment) - moment, merged - moment);
            recoveries.Add(recovery);
            report(Describe(recovery));
        }

        var ends = HighWatermarks();
        await watch.WaitUntilMergedAsync(ends, cancellationToken);
        var stored = await StoredRecordIdsAsync(cancellationToken);
        var inForce = await InForceAsync(cancellationToken);
        var distinct = stored.ToHashSet(StringComparer.Ordinal);
        return new BrokerFaultOutcome(recordIds.Count, ends.Values.Sum(), stored.Count, distinct.Count, inForce,
            recordIds.Count(id => !distinct.Contains(id)), stored.Count - distinct.Count, pusher.Retries, pusher.Failures, recoveries, clock.Elapsed);
    }

    private static string Describe(FaultRecovery recovery) => string.Create(CultureInfo.InvariantCulture,
        $"{recovery.Fault}: from its {recovery.MeasuredFrom}, ingest resumed after {Seconds(recovery.IngestResumedAfter)}, merge after {Seconds(recovery.MergeResumedAfter)}");

    private static string Seconds(TimeSpan? span) => span is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:0.00} s") : "(no push after it)";

    private async Task PushAsync(BrokerFaultPusher pusher, int from, int to, CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var number = from; number < to; number++)
            await pusher.PushAsync(number, batches[number], cancellationToken);
    }

    private static ErrorCode[] Alternating(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i % 2 == 0 ? ErrorCode.NotLeaderForPartition : ErrorCode.RequestTimedOut)];

    private void MoveLeaders(IReadOnlyDictionary<int, int> leaders)
    {
        foreach (var (partition, leader) in leaders)
            kafka.SetPartitionLeader(Topic, partition, leader % kafka.Brokers + 1);
    }

    private Dictionary<int, int> Leaders()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        return admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.ToDictionary(p => p.PartitionId, p => p.Leader);
    }

    private Dictionary<int, long> HighWatermarks()
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = $"broker-faults-{Guid.NewGuid():N}" }).Build();
        return Enumerable.Range(0, Partitions).ToDictionary(p => p,
            p => reader.QueryWatermarkOffsets(new TopicPartition(Topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    private async Task<List<string>> StoredRecordIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await index.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "select source_record_id from public.record_envelope where kind = 'graduate'", cancellationToken: cancellationToken))];
    }

    private async Task<long> InForceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await index.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from public.current_records where kind = 'graduate'", cancellationToken: cancellationToken));
    }
}
