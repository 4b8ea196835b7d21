using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;

namespace Exchange.Index.Resolution.Clustering;

/// <summary>
/// Groups records into entities: records sharing a linkage key first, then auto-linked pairs as
/// connected components. Connected components chain — A~B and B~C put A with C however unlike they
/// are — so links are taken strongest first and a link that would join two entities holding
/// different linkage keys (two resident ids, two people) is refused and handed to review instead.
/// Given a <see cref="SoleCandidate"/> rule, a record left alone then joins the one entity its review
/// pairs point to when no other entity comes close (see <see cref="Settings.ThresholdSettings.SoleCandidateMargin"/>);
/// the pairs given must then reach down to the review weight less the margin.
/// </summary>
public static class EntityClusterer
{
    public static ClusterResult Cluster(IReadOnlyList<RecordFeatures> records, IEnumerable<ScoredPair> pairs, SoleCandidate? soleCandidate = null)
    {
        var scored = pairs as IReadOnlyCollection<ScoredPair> ?? [.. pairs];
        var n = records.Count;
        var parent = new int[n];
        var key = new long[n];
        for (var i = 0; i < n; i++)
        {
            parent[i] = i;
            key[i] = records[i].LinkageKey;
        }
        var firstWithKey = new Dictionary<long, int>();
        for (var i = 0; i < n; i++)
        {
            if (records[i].LinkageKey == 0)
                continue;
            if (firstWithKey.TryGetValue(records[i].LinkageKey, out var first))
                parent[Find(parent, i)] = Find(parent, first);
            else
                firstWithKey[records[i].LinkageKey] = i;
        }

        var links = scored.Where(p => p.Decision == PairDecision.Link).OrderByDescending(p => p.MatchWeight).ThenBy(p => p.Left).ThenBy(p => p.Right);
        var refused = new List<ScoredPair>();
        foreach (var pair in links)
        {
            var a = Find(parent, pair.Left);
            var b = Find(parent, pair.Right);
            if (a == b)
                continue;
            if (key[a] != 0 && key[b] != 0 && key[a] != key[b])
            {
                refused.Add(pair with { Decision = PairDecision.Review });
                continue;
            }
            parent[b] = a;
            if (key[a] == 0)
                key[a] = key[b];
        }

        var promoted = soleCandidate is { } rule ? JoinSoleCandidates(records, scored, rule, parent, key) : [];

        // Each entity is named by its smallest record id, so it stays put when unrelated records come and go.
        var root = new int[n];
        for (var i = 0; i < n; i++)
            root[i] = Find(parent, i);
        var names = new Dictionary<int, string>();
        for (var i = 0; i < n; i++)
        {
            if (!names.TryGetValue(root[i], out var name) || string.CompareOrdinal(records[i].Id, name) < 0)
                names[root[i]] = records[i].Id;
        }
        var clusterIds = new string[n];
        for (var i = 0; i < n; i++)
            clusterIds[i] = names[root[i]];
        return new ClusterResult(clusterIds, names.Count, refused, promoted);
    }

    /// <summary>
    /// Joins each record left alone by the auto-links to the entity of its strongest review pair when
    /// every other entity's pair with it is at least the margin weaker. Entities are judged as the
    /// auto-links left them, so the order records are visited in does not matter.
    /// </summary>
    private static List<ScoredPair> JoinSoleCandidates(IReadOnlyList<RecordFeatures> records, IReadOnlyCollection<ScoredPair> pairs,
        SoleCandidate rule, int[] parent, long[] key)
    {
        var n = records.Count;
        var root = new int[n];
        var size = new int[n];
        for (var i = 0; i < n; i++)
        {
            root[i] = Find(parent, i);
            size[root[i]]++;
        }
        // For each lone record: its strongest pair, and the strongest weight towards any other entity.
        var best = new ScoredPair?[n];
        var runnerUp = new double[n];
        Array.Fill(runnerUp, double.NegativeInfinity);
        foreach (var pair in pairs)
        {
            Consider(pair.Left, pair.Right, pair);
            Consider(pair.Right, pair.Left, pair);
        }
        var promoted = new List<ScoredPair>();
        for (var i = 0; i < n; i++)
        {
            if (!Sole(i) || best[i] is not { } pair)
                continue;
            var other = pair.Left == i ? pair.Right : pair.Left;
            // Two lone records join only when each is the other's sole candidate.
            if (size[root[other]] == 1 && (!Sole(other) || best[other] is not { } back || (back.Left == other ? back.Right : back.Left) != i))
                continue;
            var a = Find(parent, i);
            var b = Find(parent, other);
            if (a == b || (key[a] != 0 && key[b] != 0 && key[a] != key[b]))
                continue;
            parent[a] = b;
            if (key[b] == 0)
                key[b] = key[a];
            promoted.Add(pair with { Decision = PairDecision.Link });
        }
        return promoted;

        bool Sole(int lone) => best[lone] is { } pair && pair.MatchWeight >= rule.ReviewWeight && runnerUp[lone] <= pair.MatchWeight - rule.Margin;

        void Consider(int lone, int other, ScoredPair pair)
        {
            if (size[root[lone]] != 1)
                return;
            if (best[lone] is not { } current)
            {
                best[lone] = pair;
                return;
            }
            var currentOther = current.Left == lone ? current.Right : current.Left;
            if (root[currentOther] == root[other])
            {
                if (pair.MatchWeight > current.MatchWeight)
                    best[lone] = pair;
            }
            else if (pair.MatchWeight > current.MatchWeight)
            {
                runnerUp[lone] = Math.Max(runnerUp[lone], current.MatchWeight);
                best[lone] = pair;
            }
            else
                runnerUp[lone] = Math.Max(runnerUp[lone], pair.MatchWeight);
        }
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}

/// <summary>When a lone record may join the entity of its strongest pair: that pair at or above the review weight, every other entity at least the margin weaker.</summary>
public sealed record SoleCandidate(double ReviewWeight, double Margin);

/// <summary>Cluster membership: each record's cluster id (the smallest record id in it), the links clustering refused and the review pairs it followed.</summary>
public sealed class ClusterResult(string[] clusterIds, int clusterCount, IReadOnlyList<ScoredPair> refused, IReadOnlyList<ScoredPair>? promoted = null)
{
    /// <summary>Cluster id by record position.</summary>
    public IReadOnlyList<string> ClusterIds { get; } = clusterIds;

    public int ClusterCount { get; } = clusterCount;

    /// <summary>Auto-links not followed because they would have joined different linkage keys; now for review.</summary>
    public IReadOnlyList<ScoredPair> Refused { get; } = refused;

    /// <summary>Review pairs followed because they were a lone record's only entity; now links.</summary>
    public IReadOnlyList<ScoredPair> Promoted { get; } = promoted ?? [];
}
