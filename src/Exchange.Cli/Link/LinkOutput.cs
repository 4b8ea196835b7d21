using System.Globalization;
using System.Text;
using System.Text.Json;
using Exchange.Core.Csv;
using Exchange.Index.Resolution;
using Exchange.Index.Resolution.Scoring;

namespace Exchange.Cli.Link;

/// <summary>Writes clusters (record id → cluster id) and the scored pairs with their evidence, as CSV or NDJSON.</summary>
internal static class LinkOutput
{
    /// <summary>Writes clusters, pairs, model.json, summary.json and any rejected rows; returns a one-line summary.</summary>
    public static async Task<string> WriteAsync(ResolutionResult result, IReadOnlyList<LinkProblem> rejected, TimeSpan elapsed, string folder, string format,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var csv = format == "csv";

        var clusters = Path.Combine(folder, csv ? "clusters.csv" : "clusters.ndjson");
        await using (var writer = Writer(clusters))
        {
            if (csv)
                await writer.WriteLineAsync("record_id,cluster_id");
            for (var i = 0; i < result.Records.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var id = result.Records[i].Id;
                var cluster = result.Clusters.ClusterIds[i];
                await writer.WriteLineAsync(csv
                    ? $"{Csv(id)},{Csv(cluster)}"
                    : $"{{\"record_id\":{JsonSerializer.Serialize(id)},\"cluster_id\":{JsonSerializer.Serialize(cluster)}}}");
            }
        }

        var pairs = Path.Combine(folder, csv ? "pairs.csv" : "pairs.ndjson");
        await using (var writer = Writer(pairs))
        {
            var comparisons = result.Model.Schema.ComparisonNames;
            if (csv)
            {
                var header = new StringBuilder("left_id,right_id,match_weight,match_probability,decision,prior_weight");
                foreach (var c in comparisons)
                    header.Append(CultureInfo.InvariantCulture, $",{c}_level,{c}_bayes_factor_log2,{c}_tf_log2");
                await writer.WriteLineAsync(header.ToString());
            }
            foreach (var pair in result.Pairs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var evidence = result.Scorer.Explain(result.Records[pair.Left], result.Records[pair.Right]) with { Decision = pair.Decision };
                await writer.WriteLineAsync(csv ? CsvLine(evidence) : evidence.ToJson());
            }
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "model.json"), result.Model.ToJson(), cancellationToken);
        if (rejected.Count > 0)
            await File.WriteAllLinesAsync(Path.Combine(folder, "rejected.ndjson"), rejected.Select(r => r.ToJson()), cancellationToken);

        var links = result.Pairs.Count(p => p.Decision == PairDecision.Link);
        var reviews = result.Pairs.Count(p => p.Decision == PairDecision.Review);
        var summary = new
        {
            records = result.Records.Count,
            rejected = rejected.Count,
            candidatePairs = result.Candidates.Count,
            links,
            reviews,
            clusters = result.Clusters.ClusterCount,
            refusedLinks = result.Clusters.Refused.Count,
            blocking = result.Candidates.Rules,
            stages = result.Stages,
            seconds = elapsed.TotalSeconds,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(summary, s_summaryJson), cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"{summary.records} records, {summary.rejected} rejected, {summary.candidatePairs} candidate pairs, {links} links, {reviews} for review, {summary.clusters} clusters; written to {folder}");
    }

    private static readonly JsonSerializerOptions s_summaryJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static StreamWriter Writer(string path) => new(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    private static string CsvLine(PairEvidence evidence)
    {
        var line = new StringBuilder(256);
        var inv = CultureInfo.InvariantCulture;
        line.Append(Csv(evidence.LeftId)).Append(',').Append(Csv(evidence.RightId)).Append(',')
            .Append(evidence.MatchWeight.ToString("0.####", inv)).Append(',')
            .Append(evidence.MatchProbability.ToString("0.######", inv)).Append(',')
            .Append(Decision(evidence.Decision)).Append(',')
            .Append(evidence.PriorWeight.ToString("0.####", inv));
        foreach (var step in evidence.Comparisons)
        {
            line.Append(',').Append(Csv(step.Label))
                .Append(',').Append(step.BayesFactorLog2.ToString("0.####", inv))
                .Append(',').Append(step.TfAdjustmentLog2.ToString("0.####", inv));
        }
        return line.ToString();
    }

    public static string Decision(PairDecision decision) => decision switch
    {
        PairDecision.Link => "link",
        PairDecision.Review => "review",
        _ => "new-subject",
    };

    // Record ids come from the linked file; none may run as a formula where pairs.csv is opened.
    private static string Csv(string value) => CsvCells.Text(value);
}
