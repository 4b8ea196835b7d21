using System.Net;
using System.Text.Json;

namespace Exchange.Hub.Tests.Security;

/// <summary>Checks on the hub's answers: problem details, and text that must not be in a body.</summary>
public static class AnswerChecks
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>Every string the body carries: the raw text and, for JSON, every decoded string and property name (JSON escapes non-ASCII).</summary>
    public static IReadOnlyList<string> TextsOf(string body)
    {
        var texts = new List<string> { body };
        try
        {
            using var document = JsonDocument.Parse(body);
            Collect(document.RootElement, texts);
        }
        catch (JsonException)
        {
            // Not JSON: the raw text is all there is.
        }
        return texts;
    }

    /// <summary>Which of <paramref name="forbidden"/> occur anywhere in the body (ordinal, case-sensitive).</summary>
    public static IReadOnlyList<string> Leaked(string body, IEnumerable<string> forbidden)
    {
        var texts = TextsOf(body);
        return forbidden.Where(f => !string.IsNullOrEmpty(f) && texts.Any(t => t.Contains(f, StringComparison.Ordinal))).Distinct().ToList();
    }

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static void Collect(JsonElement element, List<string> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    texts.Add(property.Name);
                    Collect(property.Value, texts);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, texts);
                break;
            case JsonValueKind.String:
                texts.Add(element.GetString()!);
                break;
            default:
                texts.Add(element.GetRawText());
                break;
        }
    }
}
