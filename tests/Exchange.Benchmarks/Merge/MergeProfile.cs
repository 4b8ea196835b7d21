using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Index.Merging;
using Exchange.Log;
using Npgsql;

namespace Exchange.Benchmarks.Merge;

/// <summary>Where a merge spends its time: one SQL statement's count and total time.</summary>
internal sealed record StatementTime(string Database, string Statement, long Count, TimeSpan Total);

/// <summary>The batch path's time, split by step, and the statements behind it.</summary>
internal sealed record MergeProfileResult(
    int Records, int Batches, TimeSpan Elapsed, TimeSpan Consume, TimeSpan Decode, TimeSpan Merge, TimeSpan Commit,
    IReadOnlyList<StatementTime> Statements, TimeSpan RoundTrip);

/// <summary>
/// The merger's batch path as <see cref="MergerHost"/> drives it — a consumer of the log in batches
/// of 500, each read into envelopes, merged by <see cref="Merger.MergeAsync"/> into an index of its
/// own and then committed — with a stopwatch on each step and every SQL statement counted and timed
/// from Npgsql's trace activities (which are only listened to here, not in the timed run).
/// </summary>
internal static class MergeProfile
{
    private const string Group = "bench.merge.profile";
    private const int BatchSize = 500;

    public static async Task<MergeProfileResult> RunAsync(IEventLog log, NpgsqlDataSource index, int records, CancellationToken cancellationToken)
    {
        var roundTrip = await RoundTripAsync(index, cancellationToken);
        var merger = new Merger(index, TimeProvider.System, new ResolutionOptions().LoadModel());
        using var consumer = log.CreateConsumer(Group);
        consumer.Subscribe(MergerHost.RecordTopics);
        TimeSpan consume = default, decode = default, merge = default, commit = default;
        int done = 0, batches = 0;
        using var statements = new StatementListener();
        var total = Stopwatch.StartNew();
        var idle = Stopwatch.StartNew();
        while (done < records)
        {
            var step = Stopwatch.StartNew();
            var batch = consumer.Consume(Math.Min(BatchSize, records - done), TimeSpan.FromSeconds(1), cancellationToken);
            consume += step.Elapsed;
            if (batch.Count == 0)
            {
                if (idle.Elapsed > TimeSpan.FromMinutes(1))
                    throw new TimeoutException($"The log delivered {done} of {records} records, then nothing for a minute.");
                continue;
            }
            idle.Restart();

            step.Restart();
            var inputs = batch.Select(m => new MergeInput(m.Position, CloudEventHeaders.ToEnvelope(m)
                ?? throw new InvalidOperationException("A generated message is not a sealed record."))).ToList();
            decode += step.Elapsed;

            step.Restart();
            MergeResult result;
            // The batch's activity, as the host starts it: the index's data source traces a command
            // only inside an operation's activity.
            using (MergeActivities.Start(batch))
                result = await merger.MergeAsync(inputs, cancellationToken);
            merge += step.Elapsed;
            if (result.Merged != batch.Count)
                throw new InvalidOperationException($"A batch of {batch.Count} merged {result.Merged}.");

            step.Restart();
            consumer.Commit(batch);
            commit += step.Elapsed;
            done += batch.Count;
            batches++;
        }
        return new MergeProfileResult(done, batches, total.Elapsed, consume, decode, merge, commit, statements.Times(), roundTrip);
    }

    // The cost of one trip to the server and back: a trivial statement, many times.
    private static async Task<TimeSpan> RoundTripAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        const int Trips = 2_000;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        for (var i = 0; i < 100; i++)
            await command.ExecuteScalarAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Trips; i++)
            await command.ExecuteScalarAsync(cancellationToken);
        return clock.Elapsed / Trips;
    }

    /// <summary>Npgsql's command activities, summed by database and statement.</summary>
    private sealed class StatementListener : IDisposable
    {
        private readonly ConcurrentDictionary<(string, string), (long Count, long Ticks)> _times = new();
        private readonly ActivityListener _listener;

        public StatementListener()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is "Npgsql" or MergeActivities.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Stopped,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<StatementTime> Times() =>
            [.. _times.Select(t => new StatementTime(t.Key.Item1, t.Key.Item2, t.Value.Count, TimeSpan.FromTicks(t.Value.Ticks))).OrderByDescending(t => t.Total)];

        public void Dispose() => _listener.Dispose();

        private void Stopped(Activity activity)
        {
            if (activity.Source.Name != "Npgsql")
                return;
            var database = activity.GetTagItem("db.namespace") as string ?? activity.GetTagItem("db.name") as string ?? "?";
            var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
            var key = (database, Shorten(text));
            _times.AddOrUpdate(key, (1, activity.Duration.Ticks), (_, t) => (t.Count + 1, t.Ticks + activity.Duration.Ticks));
        }

        // The statement's first words, whitespace folded: enough to tell the merger's statements apart.
        private static string Shorten(string sql)
        {
            var folded = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return folded.Length <= 72 ? folded : folded[..72] + "…";
        }
    }
}
