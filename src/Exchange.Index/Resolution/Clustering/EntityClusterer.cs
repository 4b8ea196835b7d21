using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;

namespace Exchange.Index.Resolution.Clustering;

/// <summary>
/// Groups records into entities: records sharing a linkage key first, then auto-linked pairs as
/// connected components. Connected components chain — A~B and B~C put A with C however unlike they
/// are — so links are taken strongest first and a link that would join two entities holding
/// different linkage keys (two resident ids, two people) is refused and handed to review instead.
/// </summary>
public static class EntityClusterer
{
    public static ClusterResult Cluster(IReadOnlyList<RecordFeatures> records, IEnumerable<ScoredPair> pairs)
    {
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

        var links = pairs.Where(p => p.Decision == PairDecision.Link).OrderByDescending(p => p.MatchWeight).ThenBy(p => p.Left).ThenBy(p => p.Right);
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
        return new ClusterResult(clusterIds, names.Count, refused);
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

/// <summary>Cluster membership: each record's cluster id (the smallest record id in it), and the links clustering refused.</summary>
public sealed class ClusterResult(string[] clusterIds, int clusterCount, IReadOnlyList<ScoredPair> refused)
{
    /// <summary>Cluster id by record position.</summary>
    public IReadOnlyList<string> ClusterIds { get; } = clusterIds;

    public int ClusterCount { get; } = clusterCount;

    /// <summary>Auto-links not followed because they would have joined different linkage keys; now for review.</summary>
    public IReadOnlyList<ScoredPair> Refused { get; } = refused;
}
