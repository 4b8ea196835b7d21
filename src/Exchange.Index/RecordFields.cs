using System.Globalization;
using System.Text.Json;

namespace Exchange.Index;

/// <summary>Reads top-level values of a sealed canonical record, tolerating a property that is absent or of another type.</summary>
internal static class RecordFields
{
    public static string? Text(JsonElement record, string property) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The strings of an array property; empty where there is none.</summary>
    public static string[] Texts(JsonElement record, string property) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];

    /// <summary>True for a consent record whose status is withdrawn.</summary>
    public static bool IsWithdrawnConsent(JsonElement consent) => Text(consent, "status") == "withdrawn";

    /// <summary>A <c>yyyy-MM-dd</c> date, as the canonical records write them.</summary>
    public static DateOnly? Date(JsonElement record, string property) =>
        Text(record, property) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
