using System.Globalization;
using Exchange.Index.Resolution;

namespace Exchange.Benchmarks.Resolution;

/// <summary>Which true pairs blocking missed, or clustering left apart, by the kinds of the two records and a sample.</summary>
internal static class MissedPairs
{
    public static void Print(SyntheticPopulation population, ResolutionResult result, bool[] unkeyed)
    {
        var notBlocked = new Dictionary<string, int>(StringComparer.Ordinal);
        var notJoined = new Dictionary<string, int>(StringComparer.Ordinal);
        var samplesBlocked = new List<string>();
        var samplesJoined = new List<string>();
        // Why each true pair ended apart: not blocked, scored below the link weight (by the comparisons both records hold), or linked yet left apart by clustering.
        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        var causeSamples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in Enumerable.Range(0, population.Truth.Count).GroupBy(i => population.Truth[i], StringComparer.Ordinal))
        {
            var members = group.ToArray();
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = i + 1; j < members.Length; j++)
                {
                    var (a, b) = (members[i], members[j]);
                    if (!unkeyed[a] && !unkeyed[b])
                        continue;
                    var kinds = string.Join("/", new[] { population.Kinds[a], population.Kinds[b] }.Order(StringComparer.Ordinal));
                    if (!result.Candidates.Contains(a, b))
                    {
                        notBlocked[kinds] = notBlocked.GetValueOrDefault(kinds) + 1;
                        if (samplesBlocked.Count < 12)
                            samplesBlocked.Add(Describe(population, a) + "  <>  " + Describe(population, b));
                    }
                    if (result.Clusters.ClusterIds[a] != result.Clusters.ClusterIds[b])
                    {
                        notJoined[kinds] = notJoined.GetValueOrDefault(kinds) + 1;
                        var cause = Cause(result, a, b);
                        causes[cause] = causes.GetValueOrDefault(cause) + 1;
                        if (!causeSamples.TryGetValue(cause, out var list))
                            causeSamples[cause] = list = [];
                        if (list.Count < 3)
                            list.Add(Describe(population, a) + "  <>  " + Describe(population, b) + string.Create(CultureInfo.InvariantCulture,
                                $"  w={result.Scorer.Explain(result.Records[a], result.Records[b]).MatchWeight:F1}"));
                        if (samplesJoined.Count < 12 && result.Candidates.Contains(a, b))
                        {
                            var evidence = result.Scorer.Explain(result.Records[a], result.Records[b]);
                            samplesJoined.Add(Describe(population, a) + "  <>  " + Describe(population, b) + string.Create(CultureInfo.InvariantCulture,
                                $"  w={evidence.MatchWeight:F1} [{string.Join(" ", evidence.Comparisons.Select(c => $"{c.Comparison}:{c.Label}:{c.WeightLog2:F1}"))}]"));
                        }
                    }
                }
            }
        }
        var falseLinks = new Dictionary<string, int>(StringComparer.Ordinal);
        var falseSamples = new List<string>();
        foreach (var pair in result.Pairs)
        {
            if (result.Clusters.ClusterIds[pair.Left] != result.Clusters.ClusterIds[pair.Right] || population.Truth[pair.Left] == population.Truth[pair.Right])
                continue;
            var kinds = string.Join("/", new[] { population.Kinds[pair.Left], population.Kinds[pair.Right] }.Order(StringComparer.Ordinal));
            falseLinks[kinds] = falseLinks.GetValueOrDefault(kinds) + 1;
            if (falseSamples.Count < 12)
            {
                var evidence = result.Scorer.Explain(result.Records[pair.Left], result.Records[pair.Right]);
                falseSamples.Add(Describe(population, pair.Left) + "  <>  " + Describe(population, pair.Right) + string.Create(CultureInfo.InvariantCulture,
                    $"  w={evidence.MatchWeight:F1} [{string.Join(" ", evidence.Comparisons.Select(c => $"{c.Comparison}:{c.Label}:{c.WeightLog2:F1}"))}]"));
            }
        }
        Console.WriteLine("   scored pairs of two people in one cluster: " + string.Join("; ", falseLinks.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        foreach (var s in falseSamples)
            Console.WriteLine("     " + s);
        Console.WriteLine("   missed by blocking: " + string.Join("; ", notBlocked.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        foreach (var s in samplesBlocked)
            Console.WriteLine("     " + s);
        Console.WriteLine("   apart after clustering: " + string.Join("; ", notJoined.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        foreach (var s in samplesJoined)
            Console.WriteLine("     " + s);
        Console.WriteLine("   true pairs apart, by cause and the comparisons both records hold:");
        foreach (var (cause, count) in causes.OrderByDescending(p => p.Value).Take(30))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     {count,6:N0}  {cause}"));
            foreach (var sample in causeSamples[cause])
                Console.WriteLine("               " + sample);
        }
    }

    private static string Cause(ResolutionResult result, int a, int b)
    {
        if (!result.Candidates.Contains(a, b))
            return "not blocked";
        var evidence = result.Scorer.Explain(result.Records[a], result.Records[b]);
        var held = string.Join(" ", evidence.Comparisons.Where(c => c.Level >= 0).Select(c => $"{c.Comparison}:{c.Label}"));
        if (evidence.MatchWeight >= result.Scorer.LinkWeight)
            return "linked, apart after clustering";
        var bucket = evidence.MatchWeight < 0 ? "below 0" : "0 to link";
        return $"scored {bucket}: {held}";
    }

    private static string Describe(SyntheticPopulation population, int i) =>
        $"{population.Kinds[i][..4]}[{string.Join("|", population.Records[i].Values.Take(6).Select(v => v?.Replace('\u001F', ':') ?? "-"))}]";
}
