using Exchange.Index.Resolution.Comparisons;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Tests.Resolution;

/// <summary>The shipped graduate settings and helpers to compare two values under them.</summary>
internal static class Graduates
{
    public static ResolutionSchema Schema { get; } = ResolutionSchema.Compile(ResolutionSettings.Graduate());

    /// <summary>The same settings with smaller training samples, so tests that train stay fast.</summary>
    public static ResolutionSchema Quick { get; } = ResolutionSchema.Compile(ResolutionSettings.Parse(ResolutionSettings.Graduate().ToJson()
        .Replace("\"randomPairs\": 2000000", "\"randomPairs\": 100000", StringComparison.Ordinal)
        .Replace("\"maxPairs\": 1000000", "\"maxPairs\": 100000", StringComparison.Ordinal)));

    private static readonly Featuriser s_featuriser = new(Schema);

    /// <summary>A record with only the given fields set (by field name).</summary>
    public static RecordFeatures Record(string id, params (string Field, string? Value)[] values)
    {
        var names = Schema.FieldNames;
        var row = new string?[names.Count];
        foreach (var (field, value) in values)
            row[IndexOf(field)] = value;
        return s_featuriser.Featurise(new InputRecord(id, 0, row));
    }

    public static int IndexOf(string field) =>
        Schema.FieldNames.ToList().IndexOf(field) is var i and >= 0 ? i : throw new ArgumentException(field);

    /// <summary>The label of the level two values of one field reach under the shipped comparison of that name.</summary>
    public static string Level(string comparison, string? a, string? b)
    {
        var spec = Schema.Comparisons.Single(c => c.Name == comparison);
        var field = Schema.FieldNames[spec.Field];
        var level = LevelEvaluator.Level(spec, Record("a", (field, a))[spec.Field], Record("b", (field, b))[spec.Field]);
        return spec.LabelOf(level);
    }
}
