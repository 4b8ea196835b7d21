using System.Text.Json;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Scoring;

/// <summary>What was decided for a pair.</summary>
public enum PairDecision
{
    /// <summary>Below the review threshold: the records stay apart.</summary>
    NewSubject,

    /// <summary>Between the thresholds, or an auto-link refused by clustering: a steward decides.</summary>
    Review,

    /// <summary>At or above the link threshold, or the same linkage key.</summary>
    Link,
}

/// <summary>
/// Why a pair scored what it did, as a waterfall a steward can read: the prior, then each
/// comparison's level with its log2 Bayes factor and term-frequency adjustment, summing to the match
/// weight. Plain data: store it as JSON (<see cref="ToJson"/>) beside the link it explains.
/// </summary>
public sealed record PairEvidence(
    string LeftId,
    string RightId,
    string Basis,
    double PriorWeight,
    IReadOnlyList<ComparisonEvidence> Comparisons,
    double MatchWeight,
    double MatchProbability,
    PairDecision Decision)
{
    public const string Probabilistic = "probabilistic";
    public const string SameLinkageKey = "linkage-key-equal";
    public const string DifferentLinkageKeys = "linkage-keys-differ";

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>One step of the waterfall: a comparison's level, m and u, and the weight it adds.</summary>
public sealed record ComparisonEvidence(
    string Comparison,
    int Level,
    string Label,
    double M,
    double U,
    double BayesFactorLog2,
    double TfAdjustmentLog2)
{
    /// <summary>The weight this comparison adds to the match weight.</summary>
    public double WeightLog2 => BayesFactorLog2 + TfAdjustmentLog2;
}

/// <summary>A scored pair of record positions, compact enough to keep millions of.</summary>
public readonly record struct ScoredPair(int Left, int Right, double MatchWeight, PairDecision Decision)
{
    public double MatchProbability => Weights.ToProbability(MatchWeight);
}

public static class Weights
{
    public static double ToProbability(double weight) =>
        double.IsPositiveInfinity(weight) ? 1 : double.IsNegativeInfinity(weight) ? 0 : 1 / (1 + Math.Pow(2, -weight));

    public static double ToWeight(double probability) => Math.Log2(probability / (1 - probability));
}
