using Exchange.Index.Resolution.Blocking;
using Exchange.Index.Resolution.Comparisons;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Training;

/// <summary>
/// Expectation–maximisation over comparison patterns: pairs are counted by their packed comparison
/// vector first, so each iteration runs over the few thousand distinct patterns, not the pairs.
/// </summary>
internal static class ExpectationMaximisation
{
    /// <summary>No m falls below this, so no level's weight is −∞.</summary>
    private const double Floor = 1e-6;

    public static Dictionary<long, long> CountPatterns(ResolutionSchema schema, IReadOnlyList<RecordFeatures> records, IReadOnlyList<long> pairs)
    {
        var total = new Dictionary<long, long>();
        var gate = new object();
        Parallel.ForEach(Ranges.Of(pairs.Count, 65536), () => new Dictionary<long, long>(), (range, _, local) =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var (a, b) = CandidatePairs.Unpack(pairs[i]);
                var gamma = LevelEvaluator.Gamma(schema, records[a], records[b]);
                local[gamma] = local.GetValueOrDefault(gamma) + 1;
            }
            return local;
        }, local =>
        {
            lock (gate)
            {
                foreach (var (gamma, count) in local)
                    total[gamma] = total.GetValueOrDefault(gamma) + count;
            }
        });
        return total;
    }

    /// <summary>EM for m (of the trained comparisons) and the match share, u held fixed. Returns iterations, convergence, match share.</summary>
    public static (int Iterations, bool Converged, double Share) Run(ResolutionSchema schema, Dictionary<long, long> patterns,
        double[][] m, double[][] u, bool[] trained, bool fitM = true, double share = 0.1)
    {
        var gammas = patterns.Keys.ToArray();
        var counts = gammas.Select(g => (double)patterns[g]).ToArray();
        var comparisons = schema.Comparisons;
        var maxIterations = schema.Settings.Training.MaxIterations;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var mNumerator = comparisons.Select(c => new double[c.LevelCount]).ToArray();
            double matches = 0, all = 0;
            for (var p = 0; p < gammas.Length; p++)
            {
                double logRatio = Math.Log(share) - Math.Log(1 - share);
                foreach (var c in comparisons)
                {
                    var level = Gamma.Level(gammas[p], c.Index);
                    if (level != Gamma.Null && trained[c.Index])
                        logRatio += Math.Log(m[c.Index][level]) - Math.Log(u[c.Index][level]);
                }
                var posterior = 1 / (1 + Math.Exp(-logRatio));
                var weight = counts[p] * posterior;
                matches += weight;
                all += counts[p];
                foreach (var c in comparisons)
                {
                    var level = Gamma.Level(gammas[p], c.Index);
                    if (level != Gamma.Null)
                        mNumerator[c.Index][level] += weight;
                }
            }
            var change = Math.Abs(matches / Math.Max(1, all) - share);
            share = Math.Clamp(matches / Math.Max(1, all), 1e-9, 1 - 1e-9);
            if (fitM)
            {
                foreach (var c in comparisons)
                {
                    if (!trained[c.Index])
                        continue;
                    var sum = mNumerator[c.Index].Sum();
                    if (sum <= 0)
                        continue;
                    var next = mNumerator[c.Index].Select(x => Math.Max(x / sum, Floor)).ToArray();
                    var total = next.Sum();
                    for (var l = 0; l < next.Length; l++)
                    {
                        var value = next[l] / total;
                        change = Math.Max(change, Math.Abs(value - m[c.Index][l]));
                        m[c.Index][l] = value;
                    }
                }
            }
            if (change < schema.Settings.Training.Tolerance)
                return (iteration, true, share);
        }
        return (maxIterations, false, share);
    }
}
