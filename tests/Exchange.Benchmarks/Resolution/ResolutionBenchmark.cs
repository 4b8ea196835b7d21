using System.Diagnostics;
using System.Globalization;
using Exchange.Index.Resolution;
using Exchange.Index.Resolution.Clustering;
using Exchange.Index.Resolution.Evaluation;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Benchmarks.Resolution;

/// <summary>
/// <c>resolution [--graduates N]... [--seed S] [--febrl]</c>: resolves a synthetic population of N
/// graduates with the shipped graduate settings and reports blocking recall, pairs compared,
/// pairwise precision, recall and F1 of the clusters (on all records, and on the pairs that involve a
/// record without a linkage key), wall time and peak memory; with <c>--febrl</c>, also FEBRL 3 and 4
/// through <c>exchange link</c>. A missed target is reported, not an error.
/// </summary>
internal static class ResolutionBenchmark
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = new List<int>();
        var seed = 20260101;
        var febrl = false;
        var diagnose = false;
        string? modelFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--graduates" when i + 1 < args.Length:
                    sizes.Add(int.Parse(args[++i], NumberStyles.AllowThousands, s_inv));
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], s_inv);
                    break;
                case "--febrl":
                    febrl = true;
                    break;
                case "--diagnose":
                    diagnose = true;
                    break;
                case "--write-model" when i + 1 < args.Length:
                    modelFile = args[++i];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Use: resolution [--graduates N]... [--seed S] [--febrl] [--diagnose] [--write-model FILE]");
                    return 2;
            }
        }
        if (sizes.Count == 0 && !febrl)
            sizes.Add(100_000);
        foreach (var size in sizes)
            Synthetic(size, seed, diagnose, modelFile);
        if (febrl)
            return await FebrlThroughCli.RunAsync();
        return 0;
    }

    private static double? TryM(ResolutionResult result, string comparison, int level)
    {
        try
        {
            return result.Model.MProbability(comparison, level);
        }
        catch (IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void Synthetic(int graduates, int seed, bool diagnose, string? modelFile)
    {
        Console.WriteLine(string.Create(s_inv, $"== Synthetic population: {graduates:N0} graduates, seed {seed}"));
        var clock = Stopwatch.StartNew();
        var population = SyntheticPopulation.Generate(graduates, seed);
        var records = population.Records;
        var unkeyed = records.Select(r => r.Values[6] is null).ToArray();
        Console.WriteLine(string.Create(s_inv, $"   generated {records.Count:N0} records in {clock.Elapsed.TotalSeconds:F1} s: {population}"));
        Console.WriteLine(string.Create(s_inv, $"   records without a linkage key: {unkeyed.Count(u => u):N0}"));

        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var schema = ResolutionSchema.Compile(ResolutionSettings.Graduate());
        clock.Restart();
        var result = ResolutionEngine.Resolve(schema, records);
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        var (truePairs, found) = PairwiseMetrics.BlockingRecall(population.Truth, result.Candidates, i => unkeyed[i]);
        // Pairs whose two records share more than a name: both hold a birth date, a school, a phone or a region.
        bool MoreThanName(int a, int b) => Enumerable.Range(1, 4).Any(f => records[a].Values[f] is not null && records[b].Values[f] is not null);
        var (beyondName, foundBeyondName) = PairwiseMetrics.BlockingRecall(population.Truth, result.Candidates, i => unkeyed[i], MoreThanName);
        var focus = PairwiseMetrics.Compute(population.Truth, result.Clusters.ClusterIds, i => unkeyed[i]);
        var all = PairwiseMetrics.Compute(population.Truth, result.Clusters.ClusterIds);
        Console.WriteLine(string.Create(s_inv, $"   resolved in {seconds:F1} s ({string.Join(", ", result.Stages.Select(s => $"{s.Stage} {s.Seconds:F1} s"))})"));
        Console.WriteLine(string.Create(s_inv, $"   peak working set {peak / 1048576.0:N0} MB (process, records included; {before / 1048576.0:N0} MB before resolving)"));
        Console.WriteLine(string.Create(s_inv, $"   pairs compared {result.Candidates.Count:N0}; kept (>= review) {result.Pairs.Count:N0}; clusters {result.Clusters.ClusterCount:N0}; refused links {result.Clusters.Refused.Count:N0}"));
        foreach (var rule in result.Candidates.Rules)
            Console.WriteLine(string.Create(s_inv, $"     rule {rule.Rule}: {rule.Pairs:N0} pairs, largest block {rule.LargestBlock:N0}, capped blocks {rule.CappedBlocks:N0} ({rule.RecordsInCappedBlocks:N0} records)"));
        Console.WriteLine(string.Create(s_inv, $"   model: prior {result.Model.Prior:E3}; {string.Join("; ", result.Model.Report.Em.Select(e => $"EM {e.Rule}: {e.Pairs:N0} pairs, {e.Iterations} iterations, match share {e.MatchShare:F3}"))}"));
        Console.WriteLine(string.Create(s_inv, $"   without a linkage key: blocking recall {(double)found / Math.Max(1, truePairs):F4} ({found:N0} of {truePairs:N0} true pairs)"));
        Console.WriteLine(string.Create(s_inv, $"   without a linkage key, pairs sharing more than a name: blocking recall {(double)foundBeyondName / Math.Max(1, beyondName):F4} ({foundBeyondName:N0} of {beyondName:N0}; the other {truePairs - beyondName:N0} pairs share only name and sex)"));
        Console.WriteLine(string.Create(s_inv, $"   without a linkage key: precision {focus.Precision:F4} recall {focus.Recall:F4} F1 {focus.F1:F4}"));
        Console.WriteLine(string.Create(s_inv, $"   all records:           precision {all.Precision:F4} recall {all.Recall:F4} F1 {all.F1:F4}"));
        if (diagnose)
        {
            foreach (var name in result.Model.Schema.ComparisonNames)
            {
                var levels = Enumerable.Range(0, 16).TakeWhile(l => l == 0 || TryM(result, name, l) is not null);
                Console.WriteLine($"     {name}: " + string.Join(" ", levels.Select(l => string.Create(s_inv,
                    $"[{l}] m={result.Model.MProbability(name, l):G3} u={result.Model.UProbability(name, l):G3}"))));
            }
            MissedPairs.Print(population, result, unkeyed);
            foreach (var weight in new[] { -2.0, 0, 2, 4, 6, 8 })
            {
                var relinked = result.Pairs.Select(p => p with { Decision = p.MatchWeight >= weight ? PairDecision.Link : PairDecision.Review });
                var clusters = EntityClusterer.Cluster(result.Records, relinked);
                var m = PairwiseMetrics.Compute(population.Truth, clusters.ClusterIds, i => unkeyed[i]);
                Console.WriteLine(string.Create(s_inv, $"     link at weight {weight}, no sole-candidate joins (p {Weights.ToProbability(weight):F3}): precision {m.Precision:F4} recall {m.Recall:F4} F1 {m.F1:F4}"));
            }
        }
        if (diagnose)
        {
            // What the sole-candidate rule gains and costs at other margins and review weights.
            var link = result.Scorer.LinkWeight;
            var scored = ResolutionEngine.ScoreAll(result.Scorer, result.Records, result.Candidates, result.Scorer.ReviewWeight - 16);
            foreach (var review in new[] { result.Scorer.ReviewWeight - 4, result.Scorer.ReviewWeight - 2, result.Scorer.ReviewWeight, result.Scorer.ReviewWeight + 2 })
            {
                foreach (var margin in new[] { 3.0, 5, 8, 12 })
                {
                    var pairs = scored.Where(p => p.MatchWeight >= review - margin)
                        .Select(p => p with { Decision = p.MatchWeight >= link ? PairDecision.Link : p.MatchWeight >= review ? PairDecision.Review : PairDecision.NewSubject });
                    var clusters = EntityClusterer.Cluster(result.Records, pairs, new SoleCandidate(review, margin));
                    var m = PairwiseMetrics.Compute(population.Truth, clusters.ClusterIds, i => unkeyed[i]);
                    Console.WriteLine(string.Create(s_inv, $"     sole candidate at weight {review}, margin {margin}: precision {m.Precision:F4} recall {m.Recall:F4} F1 {m.F1:F4}"));
                }
            }
        }
        if (modelFile is not null)
        {
            // The model trained on this population: the hub's default until a deployment trains its own.
            File.WriteAllText(modelFile, result.Model.ToJson());
            Console.WriteLine($"   model written to {modelFile}");
        }
        var verdicts = new[]
        {
            ("blocking recall >= 0.995", (double)found / Math.Max(1, truePairs) >= 0.995),
            ("F1 >= 0.99 (without a linkage key)", focus.F1 >= 0.99),
            ("<= 5 minutes", seconds <= 300),
        };
        Console.WriteLine("   targets: " + string.Join("; ", verdicts.Select(v => $"{v.Item1} {(v.Item2 ? "met" : "MISSED")}")));
    }
}
