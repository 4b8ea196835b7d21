using Exchange.Index.Resolution.Blocking;

namespace Exchange.Index.Resolution.Evaluation;

/// <summary>Pairwise precision, recall and F1 of clusters against known truth.</summary>
public sealed record PairwiseMetrics(long TruePairs, long PredictedPairs, long CorrectPairs)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)CorrectPairs / PredictedPairs;
    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>
    /// Compares predicted clusters with true ones over the pairs that involve at least one record in
    /// focus (all records when <paramref name="inFocus"/> is null), e.g. those without a linkage key.
    /// </summary>
    public static PairwiseMetrics Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, Func<int, bool>? inFocus = null)
    {
        var cells = new Dictionary<(string, string), (long N, long Focus)>();
        var truthGroups = new Dictionary<string, (long N, long Focus)>(StringComparer.Ordinal);
        var predictedGroups = new Dictionary<string, (long N, long Focus)>(StringComparer.Ordinal);
        for (var i = 0; i < truth.Count; i++)
        {
            var focus = inFocus is null || inFocus(i) ? 1 : 0;
            Add(cells, (truth[i], predicted[i]), focus);
            Add(truthGroups, truth[i], focus);
            Add(predictedGroups, predicted[i], focus);
        }
        return new PairwiseMetrics(Pairs(truthGroups.Values), Pairs(predictedGroups.Values), Pairs(cells.Values));
    }

    /// <summary>The share of true pairs (involving a record in focus) that blocking put among the candidates.</summary>
    public static (long TruePairs, long Found) BlockingRecall(IReadOnlyList<string> truth, CandidatePairs candidates,
        Func<int, bool>? inFocus = null, Func<int, int, bool>? admissible = null)
    {
        long all = 0, found = 0;
        foreach (var group in Enumerable.Range(0, truth.Count).GroupBy(i => truth[i], StringComparer.Ordinal))
        {
            var members = group.ToArray();
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = i + 1; j < members.Length; j++)
                {
                    if (inFocus is not null && !inFocus(members[i]) && !inFocus(members[j]))
                        continue;
                    if (admissible is not null && !admissible(members[i], members[j]))
                        continue;
                    all++;
                    if (candidates.Contains(members[i], members[j]))
                        found++;
                }
            }
        }
        return (all, found);
    }

    private static void Add<TKey>(Dictionary<TKey, (long N, long Focus)> groups, TKey key, int focus) where TKey : notnull
    {
        var (n, f) = groups.GetValueOrDefault(key);
        groups[key] = (n + 1, f + focus);
    }

    /// <summary>Pairs within each group with at least one record in focus: C(n,2) − C(n−f,2).</summary>
    private static long Pairs(IEnumerable<(long N, long Focus)> groups) =>
        groups.Sum(g => g.N * (g.N - 1) / 2 - (g.N - g.Focus) * (g.N - g.Focus - 1) / 2);
}
