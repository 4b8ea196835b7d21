using System.Globalization;
using System.Text;
using System.Text.Json;
using Exchange.Index.Resolution;
using Exchange.Index.Resolution.Scoring;

namespace Exchange.Cli.Link;

/// <summary>Writes clusters (record id → cluster id) and the scored pairs with their evidence, as CSV or NDJSON.</summary>
internal static class LinkOutput
{
    public static async Task<IReadOnlyList<string>> WriteAsync(ResolutionResult result, string folder, string format, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
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
        written.Add(clusters);

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
        written.Add(pairs);

        var model = Path.Combine(folder, "model.json");
        await File.WriteAllTextAsync(model, result.Model.ToJson(), cancellationToken);
        written.Add(model);
        return written;
    }

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

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
