using System.Globalization;
using System.Text.Json;

namespace Exchange.Index;

/// <summary>Reads top-level values of a sealed canonical record, tolerating a property that is absent or of another type.</summary>
internal static class RecordFields
{
    public static string? Text(JsonElement record, string property) =>
        record.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A <c>yyyy-MM-dd</c> date, as the canonical records write them.</summary>
    public static DateOnly? Date(JsonElement record, string property) =>
        Text(record, property) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
