using Exchange.Index.Resolution.Blocking;
using Exchange.Index.Resolution.Comparisons;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Training;

/// <summary>A pair of records (positions in the training records) known to be, or not to be, the same person.</summary>
public readonly record struct LabelledPair(int Left, int Right, bool Match);

/// <summary>
/// Estimates a model from the data, as Splink does: u from random pairs; m by expectation–maximisation
/// over each training rule's blocked pairs, leaving out the comparisons on the rule's own fields (they
/// agree by construction there) and averaging each comparison's m over the rules that trained it; or
/// m from labelled pairs when given. The prior comes last, from the share of matches EM finds among
/// the candidate pairs with m and u held fixed.
/// </summary>
public static class ModelTrainer
{
    public static ResolutionModel Train(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records,
        CandidatePairs? candidates = null, IReadOnlyList<LabelledPair>? labels = null)
    {
        if (records.Count < 2)
            throw new ArgumentException("Training needs at least two records.", nameof(records));
        var labelledMatches = labels?.Where(l => l.Match).ToList() ?? [];
        if (labelledMatches.Count == 0 && schema.TrainingRules.Length == 0)
            throw new ArgumentException("Give training rules in the settings, or labelled matching pairs.", nameof(labels));

        var tf = CountTermFrequencies(schema, records);
        var blocker = new Blocker(schema);
        var (u, randomPairs) = EstimateU(schema, records, blocker);
        var runs = new List<EmRun>();
        var m = labelledMatches.Count > 0
            ? EstimateMFromLabels(schema, records, labelledMatches)
            : EstimateMByEm(schema, records, blocker, u, runs);

        candidates ??= blocker.FindPairs(records);
        var admissible = AdmissiblePairs(schema, records);
        var prior = EstimatePrior(schema, records, candidates, admissible, m, u, tf);
        var share = prior * admissible / Math.Max(1.0, candidates.Count);
        var report = new TrainingReport
        {
            Records = records.Count,
            RandomPairs = randomPairs,
            LabelledPairs = labels?.Count ?? 0,
            Em = runs,
            CandidatePairs = candidates.Count,
            CandidateMatchShare = share,
        };
        return new ResolutionModel(schema, prior, m, u, tf, report);
    }

    private static TermFrequencies?[] CountTermFrequencies(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records)
    {
        var tf = new TermFrequencies?[schema.Comparisons.Length];
        foreach (var c in schema.Comparisons)
        {
            if (!c.Levels.Any(l => l.Tf))
                continue;
            var values = records.Select(r => r.Fields[c.Field]).Where(v => v is not null);
            var keys = values.SelectMany(v => new[] { v!.TfKey, v.TfSurnameKey, v.TfGivenKey });
            tf[c.Index] = TermFrequencies.Count(keys, records.Count(r => r.Fields[c.Field] is not null), schema.Settings.Training.TfMinimumCount);
        }
        return tf;
    }

    private static (double[][] U, long Pairs) EstimateU(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records, Blocker blocker)
    {
        var random = new Random(schema.Settings.Training.Seed);
        var n = records.Count;
        var wanted = (int)Math.Min(schema.Settings.Training.RandomPairs, (long)n * (n - 1) / 2);
        var pairs = new List<long>(wanted);
        var attempts = 0L;
        while (pairs.Count < wanted && attempts++ < wanted * 20L)
        {
            var a = random.Next(n);
            var b = random.Next(n);
            if (a == b || (records[a].Source == records[b].Source && !schema.PairsWithinSource))
                continue;
            pairs.Add(CandidatePairs.Pack(a, b));
        }
        var counts = CountLevels(schema, records, pairs);
        var u = new double[schema.Comparisons.Length][];
        foreach (var c in schema.Comparisons)
            u[c.Index] = Normalise(counts[c.Index], 0.5);
        return (u, pairs.Count);
    }

    private static double[][] EstimateMFromLabels(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records, List<LabelledPair> matches)
    {
        var counts = CountLevels(schema, records, [.. matches.Select(l => CandidatePairs.Pack(l.Left, l.Right))]);
        var m = new double[schema.Comparisons.Length][];
        foreach (var c in schema.Comparisons)
            m[c.Index] = Normalise(counts[c.Index], 0.5);
        return m;
    }

    private static long[][] CountLevels(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records, List<long> pairs)
    {
        var total = schema.Comparisons.Select(c => new long[c.LevelCount]).ToArray();
        var gate = new object();
        Parallel.ForEach(Ranges.Of(pairs.Count, 65536),
            () => schema.Comparisons.Select(c => new long[c.LevelCount]).ToArray(),
            (range, _, local) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var (a, b) = CandidatePairs.Unpack(pairs[i]);
                    foreach (var c in schema.Comparisons)
                    {
                        var level = LevelEvaluator.Level(c, records[a], records[b]);
                        if (level != Gamma.Null)
                            local[c.Index][level]++;
                    }
                }
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var c = 0; c < total.Length; c++)
                    {
                        for (var l = 0; l < total[c].Length; l++)
                            total[c][l] += local[c][l];
                    }
                }
            });
        return total;
    }

    /// <summary>Probabilities from counts; a level never seen gets <paramref name="pseudoCount"/> so no weight is infinite.</summary>
    private static double[] Normalise(long[] counts, double pseudoCount)
    {
        var sum = counts.Sum();
        if (sum == 0)
            return [.. counts.Select(_ => 1.0 / counts.Length)];
        var p = counts.Select(c => Math.Max(c, pseudoCount) / sum).ToArray();
        var total = p.Sum();
        return [.. p.Select(x => x / total)];
    }

    private static double[][] EstimateMByEm(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records, Blocker blocker, double[][] u, List<EmRun> runs)
    {
        var sums = schema.Comparisons.Select(c => new double[c.LevelCount]).ToArray();
        var trainedBy = new int[schema.Comparisons.Length];
        for (var r = 0; r < schema.TrainingRules.Length; r++)
        {
            var rule = schema.TrainingRules[r];
            var pairs = SamplePairs(rule, r, records, blocker, schema.Settings.Training.Seed);
            var patterns = ExpectationMaximisation.CountPatterns(schema, records, pairs);
            var m = InitialM(schema);
            var (iterations, converged, share) = ExpectationMaximisation.Run(schema, patterns, m, u, rule.Trained);
            runs.Add(new EmRun(rule.Name, pairs.Count, iterations, converged, share,
                [.. schema.Comparisons.Where(c => rule.Trained[c.Index]).Select(c => c.Name)]));
            foreach (var c in schema.Comparisons)
            {
                if (!rule.Trained[c.Index])
                    continue;
                trainedBy[c.Index]++;
                for (var l = 0; l < c.LevelCount; l++)
                    sums[c.Index][l] += m[c.Index][l];
            }
        }
        return [.. schema.Comparisons.Select(c => sums[c.Index].Select(s => s / trainedBy[c.Index]).ToArray())];
    }

    private static double[][] InitialM(ResolutionSchema schema) =>
        [.. schema.Comparisons.Select(c =>
        {
            var m = new double[c.LevelCount];
            var configured = c.Levels.Length;
            m[0] = configured == 1 ? 0.9 : 0.7;
            for (var l = 1; l < configured; l++)
                m[l] = 0.25 / (configured - 1);
            m[configured] = configured == 1 ? 0.1 : 0.05;
            return m;
        })];

    /// <summary>A training rule's pairs; a uniform sample of them when there are more than its maxPairs.</summary>
    private static List<long> SamplePairs(TrainingRuleSpec rule, int ruleIndex, IReadOnlyList<RecordFeatures> records, Blocker blocker, int seed)
    {
        var (keys, members) = Blocker.Group(rule.Parts, 0x9000 + ruleIndex, records);
        var blocks = Blocker.Blocks(keys);
        var total = blocks.Sum(b => (double)b.Length * (b.Length - 1) / 2);
        var keep = Math.Min(1.0, rule.MaxPairs / Math.Max(1.0, total));
        var random = new Random(seed + ruleIndex);
        var pairs = new List<long>((int)Math.Min(rule.MaxPairs, total) + 16);
        foreach (var (start, length) in blocks)
        {
            var block = members.AsSpan(start, length);
            if (keep >= 1)
            {
                for (var i = 0; i < length; i++)
                {
                    for (var j = i + 1; j < length; j++)
                        Add(block[i], block[j]);
                }
                continue;
            }
            var expected = (double)length * (length - 1) / 2 * keep;
            var take = (int)expected + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
            for (var t = 0; t < take; t++)
            {
                var i = random.Next(length);
                var j = random.Next(length - 1);
                if (j >= i)
                    j++;
                Add(block[i], block[j]);
            }
        }
        return pairs;

        void Add(int a, int b)
        {
            if (a != b && blocker.Admissible(records[a], records[b]))
                pairs.Add(CandidatePairs.Pack(a, b));
        }
    }

    /// <summary>
    /// The prior: the share of matches among all pairs the model could score, by EM with m and u
    /// held. The pairs blocking never found are taken as non-matches, so the expected matches are
    /// the candidates' match probabilities summed (over a sample, scaled up), and a candidate's
    /// probability is its Bayes factor — against random pairs, as u is — times the prior odds over
    /// all pairs, not over the candidates: blocking on a birth date makes agreeing on it the rule
    /// among candidates, and odds taken among them would count every same-day pair half a match.
    /// Weights include the term-frequency adjustments.
    /// </summary>
    private static double EstimatePrior(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records, CandidatePairs candidates,
        double admissible, double[][] m, double[][] u, TermFrequencies?[] tf)
    {
        if (candidates.Count == 0 || admissible < 1)
            return 1e-12;
        // A uniform sample of the candidates tells the share as well as all of them, at a fraction of the cost.
        var sampleSize = Math.Max(schema.Settings.Training.RandomPairs, 100_000);
        IReadOnlyList<long> sample = candidates.Packed;
        if (candidates.Count > sampleSize)
        {
            var random = new Random(schema.Settings.Training.Seed ^ 0x5A5A);
            sample = [.. Enumerable.Range(0, sampleSize).Select(_ => candidates.Packed[random.Next(candidates.Count)])];
        }
        // Scored at even prior odds, a pair's weight is its Bayes factor alone.
        var scorer = new PairScorer(new ResolutionModel(schema, 0.5, m, u, tf, new TrainingReport()));
        var factors = new double[sample.Count];
        Parallel.For(0, sample.Count, i =>
        {
            var (a, b) = CandidatePairs.Unpack(sample[i]);
            factors[i] = Math.Pow(2, Math.Clamp(scorer.Weight(records[a], records[b]), -200, 200));
        });
        var scale = candidates.Count / (double)factors.Length / admissible;
        var prior = Math.Min(0.5, candidates.Count / admissible / 2);
        for (var iteration = 0; iteration < schema.Settings.Training.MaxIterations * 4; iteration++)
        {
            var odds = prior / (1 - prior);
            var sum = 0.0;
            foreach (var factor in factors)
                sum += odds * factor / (1 + odds * factor);
            var next = Math.Clamp(sum * scale, 1e-12, 0.5);
            var converged = Math.Abs(next - prior) <= prior * 1e-6;
            prior = next;
            if (converged)
                break;
        }
        return prior;
    }

    /// <summary>The pairs the probabilistic part could ever score: not both keyed, and across sources for link.</summary>
    private static double AdmissiblePairs(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records)
    {
        double total = 0;
        foreach (var group in records.GroupBy(r => r.Source))
        {
            double n = group.Count(), keyed = group.Count(r => r.LinkageKey != 0);
            if (schema.PairsWithinSource)
                total += n * (n - 1) / 2 - keyed * (keyed - 1) / 2;
        }
        var sources = records.GroupBy(r => r.Source).Select(g => ((double)g.Count(), (double)g.Count(r => r.LinkageKey != 0))).ToList();
        for (var i = 0; i < sources.Count; i++)
        {
            for (var j = i + 1; j < sources.Count; j++)
                total += sources[i].Item1 * sources[j].Item1 - sources[i].Item2 * sources[j].Item2;
        }
        return total;
    }
}
