using System.Globalization;
using System.Text.Json.Nodes;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Turns a cell's text into a canonical JSON value. The converters are named in profiles:
/// <c>text</c>, <c>upper</c>, <c>date</c> (yyyyMMdd, yyyy-MM-dd, yyyy/M/d, yyyy.MM.dd and their
/// unpadded forms → yyyy-MM-dd), <c>integer</c> (a trailing 届 or 年 is allowed: 2026届),
/// <c>list</c> (split on ; ； 、 |), <c>sex</c> (男/女 and other spellings → GB/T 2261.1 1/2) and
/// <c>year</c> (a date in any of the forms above → its year as a number: 2026-06-30 → 2026).
/// </summary>
internal static class ValueConverters
{
    private static readonly string[] s_dateFormats =
        ["yyyyMMdd", "yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyy.MM.dd", "yyyy.M.d"];

    private static readonly char[] s_listSeparators = [';', '；', '、', '|'];

    private static readonly Dictionary<string, string> s_sex = new(StringComparer.OrdinalIgnoreCase)
    {
        ["男"] = "1", ["男性"] = "1", ["m"] = "1", ["male"] = "1", ["1"] = "1",
        ["女"] = "2", ["女性"] = "2", ["f"] = "2", ["female"] = "2", ["2"] = "2",
        ["0"] = "0", ["未知"] = "0", ["9"] = "9", ["未说明"] = "9",
    };

    /// <summary>The converters a profile may name.</summary>
    public static IReadOnlyList<string> Known { get; } = ["text", "upper", "date", "integer", "list", "sex", "year"];

    public static bool IsKnown(string converter) => Known.Contains(converter, StringComparer.Ordinal);

    /// <summary>The JSON type a converter produces (<c>string</c>, <c>integer</c> or <c>array</c>), to check it against the schema.</summary>
    public static string OutputType(string converter) => converter switch
    {
        "integer" or "year" => "integer",
        "list" => "array",
        _ => "string",
    };

    /// <summary>The JSON value of a non-empty cell, or the code of the problem when it does not convert.</summary>
    public static (JsonNode? Value, string? ErrorCode) Convert(string converter, string text) => converter switch
    {
        "upper" => (JsonValue.Create(text.ToUpperInvariant()), null),
        "date" => DateOnly.TryParseExact(text, s_dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
            : (null, CsvProblemCodes.BadDate),
        "year" => DateOnly.TryParseExact(text, s_dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? (JsonValue.Create(day.Year), null)
            : (null, CsvProblemCodes.BadDate),
        "integer" => int.TryParse(text.TrimEnd('届', '年'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? (JsonValue.Create(number), null)
            : (null, CsvProblemCodes.BadInteger),
        "list" => (new JsonArray([.. text.Split(s_listSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => (JsonNode?)JsonValue.Create(item))]), null),
        "sex" => s_sex.TryGetValue(text, out var code) ? (JsonValue.Create(code), null) : (null, CsvProblemCodes.BadSex),
        _ => (JsonValue.Create(text), null),
    };
}
