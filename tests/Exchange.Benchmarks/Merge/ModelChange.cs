using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Model;
using Exchange.Index.Merging;
using Exchange.Index.Resolution.Training;
using Exchange.Log;
using Npgsql;

namespace Exchange.Benchmarks.Merge;

/// <summary>How long the merger takes to read every graduate in force again when the resolution model changes.</summary>
internal sealed record ModelChangeResult(long Graduates, TimeSpan Elapsed);

/// <summary>
/// The merged index, built under the shipped model, meets a merger whose model blocks otherwise (the
/// shipped one without its phone rule): the first batch with a graduate reads every graduate in
/// force again before anything is compared. The batch is a graduate merged already, so the time is
/// the rewrite's alone and the index otherwise stays as it was.
/// </summary>
internal static class ModelChange
{
    public static async Task<ModelChangeResult> RunAsync(IEventLog log, NpgsqlDataSource index, CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(new ResolutionOptions().LoadModel()!.ToJson())!.AsObject();
        var rules = json["settings"]!["blocking"]!["rules"]!.AsArray();
        rules.Remove(rules.Single(r => (string?)r!["name"] == "phone"));
        var merger = new Merger(index, TimeProvider.System, ResolutionModel.FromJson(json.ToJsonString()));

        using var consumer = log.CreateConsumer("bench.merge.model-change");
        consumer.Subscribe([Topics.For(RecordKind.Graduate)]);
        var message = consumer.Consume(1, TimeSpan.FromSeconds(10), cancellationToken).SingleOrDefault()
            ?? throw new InvalidOperationException("The log delivered no graduate.");
        var input = new MergeInput(message.Position, CloudEventHeaders.ToEnvelope(message)
            ?? throw new InvalidOperationException("A generated message is not a sealed record."));

        var clock = Stopwatch.StartNew();
        var result = await merger.MergeAsync([input], cancellationToken);
        var elapsed = clock.Elapsed;
        if (result.AlreadyMerged != 1)
            throw new InvalidOperationException("The graduate sent to start the rewrite was merged again.");
        await using var connection = await index.OpenConnectionAsync(cancellationToken);
        var graduates = await connection.ExecuteScalarAsync<long>("select count(*) from resolution_records");
        return new ModelChangeResult(graduates, elapsed);
    }
}
