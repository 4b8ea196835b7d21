using Exchange.Index.Resolution.Comparisons;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;
using Exchange.Index.Resolution.Training;

namespace Exchange.Index.Resolution.Scoring;

/// <summary>
/// Scores pairs with a trained model: exact linkage when both records carry a linkage key, else the
/// Fellegi–Sunter match weight — log2 prior odds plus each comparison's log2(m/u) and, at levels that
/// ask for it, the term-frequency adjustment log2(u_exact / tf): u of the comparison's first level
/// over the larger of the two values' frequencies (Splink's rule). Thread-safe; allocates only when asked for evidence.
/// </summary>
public sealed class PairScorer
{
    private readonly ResolutionModel _model;
    private readonly ComparisonSpec[] _comparisons;
    private readonly double[][] _bayesFactors;
    private readonly double _linkThreshold;
    private readonly double _reviewThreshold;

    public PairScorer(ResolutionModel model)
    {
        _model = model;
        _comparisons = model.Schema.Comparisons;
        _bayesFactors = [.. _comparisons.Select(c => Enumerable.Range(0, c.LevelCount).Select(l => Math.Log2(model.M[c.Index][l] / model.U[c.Index][l])).ToArray())];
        PriorWeight = Math.Log2(model.Prior / (1 - model.Prior));
        var t = model.Schema.Settings.Thresholds;
        _linkThreshold = model.Schema.ThresholdsInWeight ? t.Link : Weights.ToWeight(t.Link);
        _reviewThreshold = model.Schema.ThresholdsInWeight ? t.Review : Weights.ToWeight(t.Review);
    }

    public ResolutionModel Model => _model;

    public double PriorWeight { get; }

    /// <summary>The match weight at and above which a pair is linked automatically.</summary>
    public double LinkWeight => _linkThreshold;

    public double ReviewWeight => _reviewThreshold;

    public PairDecision Decide(double weight) =>
        weight >= _linkThreshold ? PairDecision.Link : weight >= _reviewThreshold ? PairDecision.Review : PairDecision.NewSubject;

    /// <summary>The match weight; +∞ for equal linkage keys, −∞ for different ones.</summary>
    public double Weight(RecordFeatures a, RecordFeatures b)
    {
        if (a.LinkageKey != 0 && b.LinkageKey != 0)
            return a.LinkageKey == b.LinkageKey ? double.PositiveInfinity : double.NegativeInfinity;
        var weight = PriorWeight;
        foreach (var c in _comparisons)
        {
            var va = a.Fields[c.Field];
            var vb = b.Fields[c.Field];
            var level = LevelEvaluator.Level(c, a, b);
            if (level == Gamma.Null)
                continue;
            weight += _bayesFactors[c.Index][level] + TfAdjustment(c, level, va!, vb!);
        }
        return weight;
    }

    public ScoredPair Score(int left, RecordFeatures a, int right, RecordFeatures b)
    {
        var weight = Weight(a, b);
        return new ScoredPair(left, right, weight, Decide(weight));
    }

    /// <summary>Scores one record against candidates (found by its blocking keys), strongest first.</summary>
    public IReadOnlyList<PairEvidence> ScoreAgainst(RecordFeatures record, IEnumerable<RecordFeatures> candidates) =>
        [.. candidates.Where(c => !ReferenceEquals(c, record)).Select(c => Explain(record, c)).OrderByDescending(e => e.MatchWeight)];

    /// <summary>The waterfall of a pair.</summary>
    public PairEvidence Explain(RecordFeatures a, RecordFeatures b)
    {
        if (a.LinkageKey != 0 && b.LinkageKey != 0)
        {
            var same = a.LinkageKey == b.LinkageKey;
            var w = same ? double.PositiveInfinity : double.NegativeInfinity;
            return new PairEvidence(a.Id, b.Id, same ? PairEvidence.SameLinkageKey : PairEvidence.DifferentLinkageKeys,
                PriorWeight, [], w, same ? 1 : 0, same ? PairDecision.Link : PairDecision.NewSubject);
        }
        var steps = new List<ComparisonEvidence>(_comparisons.Length);
        var weight = PriorWeight;
        foreach (var c in _comparisons)
        {
            var va = a.Fields[c.Field];
            var vb = b.Fields[c.Field];
            var level = LevelEvaluator.Level(c, a, b);
            if (level == Gamma.Null)
            {
                steps.Add(new ComparisonEvidence(c.Name, -1, "null", 1, 1, 0, 0));
                continue;
            }
            var tf = TfAdjustment(c, level, va!, vb!);
            steps.Add(new ComparisonEvidence(c.Name, level, c.LabelOf(level), _model.M[c.Index][level], _model.U[c.Index][level], _bayesFactors[c.Index][level], tf));
            weight += _bayesFactors[c.Index][level] + tf;
        }
        return new PairEvidence(a.Id, b.Id, PairEvidence.Probabilistic, PriorWeight, steps, weight, Weights.ToProbability(weight), Decide(weight));
    }

    private double TfAdjustment(ComparisonSpec c, int level, FieldValue a, FieldValue b)
    {
        if (level >= c.Levels.Length || !c.Levels[level].Tf || _model.Tf[c.Index] is not { } tf)
            return 0;
        // As Splink: u of the comparison's strongest level (exact agreement) over the value's frequency,
        // at whichever level asks for it; a fuzzy level keeps its own m/u on top.
        var frequency = Math.Max(tf.Frequency(a), tf.Frequency(b));
        return Math.Log2(_model.U[c.Index][0] / frequency);
    }
}
