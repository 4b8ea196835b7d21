using System.Diagnostics;
using Exchange.Index.Resolution.Blocking;
using Exchange.Index.Resolution.Clustering;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Scoring;
using Exchange.Index.Resolution.Settings;
using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Resolution;

/// <summary>
/// Resolves a batch: featurise every record, block, train a model (or use the one given), score the
/// candidate pairs on both cores, cluster the auto-links. The steps are public on their own
/// (<see cref="Featuriser"/>, <see cref="Blocker"/>, <see cref="ModelTrainer"/>, <see cref="PairScorer"/>,
/// <see cref="EntityClusterer"/>) for a merger that resolves records one at a time.
/// </summary>
public static class ResolutionEngine
{
    public static ResolutionResult Resolve(ResolutionSchema schema, IReadOnlyList<InputRecord> records,
        ResolutionModel? model = null, Action<string>? progress = null)
    {
        var stages = new List<StageTime>();
        var clock = Stopwatch.StartNew();
        void Stage(string name)
        {
            stages.Add(new StageTime(name, clock.Elapsed.TotalSeconds));
            progress?.Invoke(name);
            clock.Restart();
        }

        var features = new Featuriser(schema).FeaturiseAll(records);
        Stage("featurise");
        var candidates = new Blocker(schema).FindPairs(features);
        Stage("block");
        model ??= ModelTrainer.Train(schema, features, candidates);
        Stage("train");
        var scorer = new PairScorer(model);
        // The sole-candidate rule must see the rivals of a review pair, down to the review weight less its margin.
        var margin = schema.Settings.Thresholds.SoleCandidateMargin;
        var soleCandidate = margin is { } m ? new SoleCandidate(scorer.ReviewWeight, m) : null;
        var scored = ScoreAll(scorer, features, candidates, scorer.ReviewWeight - (margin ?? 0));
        var kept = margin is null ? scored : [.. scored.Where(p => p.MatchWeight >= scorer.ReviewWeight)];
        Stage("score");
        var clusters = EntityClusterer.Cluster(features, scored, soleCandidate);
        Stage("cluster");

        // A refused auto-link is kept for review, and a followed review pair as a link, with its new decision.
        var refused = clusters.Refused.Concat(clusters.Promoted).ToDictionary(p => CandidatePairs.Pack(p.Left, p.Right));
        for (var i = 0; i < kept.Length; i++)
        {
            if (refused.TryGetValue(CandidatePairs.Pack(kept[i].Left, kept[i].Right), out var changed))
                kept[i] = changed;
        }
        return new ResolutionResult(features, model, scorer, candidates, kept, clusters, stages);
    }

    /// <summary>Scores every candidate pair and keeps those at or above the review threshold, or the <paramref name="floor"/> weight given.</summary>
    public static ScoredPair[] ScoreAll(PairScorer scorer, IReadOnlyList<RecordFeatures> records, CandidatePairs candidates, double? floor = null)
    {
        var keep = floor ?? scorer.ReviewWeight;
        var packed = candidates.Packed;
        var bags = new System.Collections.Concurrent.ConcurrentBag<List<ScoredPair>>();
        Parallel.ForEach(Ranges.Of(packed.Length, 32768), () => new List<ScoredPair>(), (range, _, local) =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var (a, b) = CandidatePairs.Unpack(packed[i]);
                var weight = scorer.Weight(records[a], records[b]);
                if (weight >= keep)
                    local.Add(new ScoredPair(a, b, weight, scorer.Decide(weight)));
            }
            return local;
        }, bags.Add);
        var all = bags.SelectMany(b => b).ToArray();
        Array.Sort(all, (x, y) => x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        return all;
    }
}

/// <summary>What resolving a batch produced.</summary>
public sealed record ResolutionResult(
    IReadOnlyList<RecordFeatures> Records,
    ResolutionModel Model,
    PairScorer Scorer,
    CandidatePairs Candidates,
    IReadOnlyList<ScoredPair> Pairs,
    ClusterResult Clusters,
    IReadOnlyList<StageTime> Stages);

public sealed record StageTime(string Stage, double Seconds);
