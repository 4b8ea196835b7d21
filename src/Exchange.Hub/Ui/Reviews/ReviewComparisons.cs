using System.Globalization;
using System.Text.Json;
using Exchange.Index.Resolution.Training;

namespace Exchange.Hub.Ui.Reviews;

/// <summary>One comparison of a review's evidence, with the two values it compared.</summary>
public sealed record ReviewComparison(string Comparison, string Label, string? RecordValue, string? CandidateValue, double Weight);

/// <summary>
/// A review's evidence as the resolver reported it (the waterfall stored with the review), each
/// comparison beside the values it compared, found through the resolution settings' fields.
/// </summary>
public static class ReviewComparisons
{
    public static IReadOnlyList<ReviewComparison> Of(JsonElement evidence, ResolutionModel? model, IReadOnlyList<string?>? record, IReadOnlyList<string?>? candidate)
    {
        if (evidence.ValueKind != JsonValueKind.Object || !evidence.TryGetProperty("comparisons", out var comparisons) || comparisons.ValueKind != JsonValueKind.Array)
            return [];
        var fields = model?.Schema.FieldNames.ToList() ?? [];
        var fieldOf = model?.Schema.Settings.Comparisons.ToDictionary(c => c.Name, c => c.Field, StringComparer.Ordinal) ?? [];
        return [.. comparisons.EnumerateArray().Select(c =>
        {
            var name = c.TryGetProperty("comparison", out var n) ? n.GetString() ?? "" : "";
            var index = fieldOf.TryGetValue(name, out var field) ? fields.IndexOf(field) : -1;
            return new ReviewComparison(name, c.TryGetProperty("label", out var l) ? l.GetString() ?? "" : "",
                ValueAt(record, index), ValueAt(candidate, index), Number(c, "bayesFactorLog2") + Number(c, "tfAdjustmentLog2"));
        })];
    }

    /// <summary>A number of the evidence, which may be ±Infinity for a decisive comparison.</summary>
    public static double Number(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
            return 0;
        if (value.ValueKind == JsonValueKind.Number)
            return value.GetDouble();
        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named) ? named : 0;
    }

    public static string Weight(double weight) => double.IsInfinity(weight)
        ? (weight > 0 ? "+∞" : "−∞")
        : weight.ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture);

    public static string Probability(double probability) => probability.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string? ValueAt(IReadOnlyList<string?>? values, int index) => values is not null && index >= 0 && index < values.Count ? values[index] : null;
}
