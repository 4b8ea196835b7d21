using System.Text.Json.Nodes;

namespace Exchange.Adapters.Formats.JobPosting;

/// <summary>Reading JSON-LD values the loose ways publishers write them: a value or an array, text or a node.</summary>
internal static class JsonLd
{
    public static IEnumerable<JsonNode> Many(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.OfType<JsonNode>(),
        _ => [node],
    };

    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonArray a => a.Select(Text).FirstOrDefault(t => t is not null),
        _ => null,
    };

    public static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static bool IsType(JsonNode? node, string type) =>
        node is JsonObject obj && Many(obj["@type"]).Select(Text).Any(t => t is not null && (t == type || t.EndsWith("/" + type, StringComparison.Ordinal) || t.EndsWith(":" + type, StringComparison.Ordinal)));
}
