using System.Text.Json;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Merging;

/// <summary>
/// Reads the values the resolution settings compare from a sealed graduate record. The settings
/// name columns; the merger knows these, each a property of the canonical graduate record (the
/// linkage key comes from the envelope).
/// </summary>
internal sealed class GraduateFieldValues
{
    /// <summary>The columns a graduate record offers, and where in it each is.</summary>
    public static IReadOnlyDictionary<string, string[]> Columns { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["record_id"] = ["recordId"],
        ["name"] = ["name"],
        ["birth_date"] = ["birthDate"],
        ["institution_code"] = ["institutionCode"],
        ["student_id"] = ["studentId"],
        ["phone"] = ["contact", "phone"],
        ["email"] = ["contact", "email"],
        ["origin_region"] = ["originRegion"],
        ["sex"] = ["sex"],
        ["cohort"] = ["cohort"],
        ["linkage_key"] = [],
    };

    private readonly IReadOnlyList<IReadOnlyList<string>> _fieldColumns;

    public GraduateFieldValues(ResolutionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var unknown = schema.FieldColumns.SelectMany(c => c).Where(c => !Columns.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"The resolution settings read column(s) {string.Join(", ", unknown)}, which a graduate record does not have; the merger offers {string.Join(", ", Columns.Keys)}.");
        _fieldColumns = schema.FieldColumns;
    }

    /// <summary>One value per field of the settings, in their order; null where the record has none.</summary>
    public string?[] Read(JsonElement record, string? linkageKey)
    {
        var values = new string?[_fieldColumns.Count];
        for (var f = 0; f < values.Length; f++)
        {
            var columns = _fieldColumns[f];
            values[f] = Resolution.Features.FieldColumns.Join([.. columns.Select(c => Column(record, c, linkageKey))]);
        }
        return values;
    }

    private static string? Column(JsonElement record, string column, string? linkageKey)
    {
        var path = Columns[column];
        if (path.Length == 0)
            return linkageKey;
        var node = record;
        foreach (var step in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node))
                return null;
        }
        return node.ValueKind switch
        {
            JsonValueKind.String => node.GetString(),
            JsonValueKind.Number => node.GetRawText(),
            _ => null,
        };
    }
}
