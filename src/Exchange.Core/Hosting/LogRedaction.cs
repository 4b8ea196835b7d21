using System.Text.RegularExpressions;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Hosting;

/// <summary>
/// What must never reach a log line, whoever wrote it (the hub or the framework): a resident id
/// (replaced by the scrubber's marker), a query string (it can carry <c>access_token</c> or an
/// id) and a linkage key (64 hex characters, the subject's pseudonym, linkable across sources).
/// </summary>
public static partial class LogRedaction
{
    public const string QueryMarker = "?[query]";
    public const string SubjectKeyMarker = "[subject-key]";

    /// <summary>The text with every resident id, query string and linkage key replaced.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var scrubbed = ResidentIdScrubber.Scrub(text)!;
        if (scrubbed.Contains('?', StringComparison.Ordinal))
            scrubbed = QueryString().Replace(scrubbed, QueryMarker);
        return LinkageKey().Replace(scrubbed, SubjectKeyMarker);
    }

    /// <summary>A value of structured state or a scope, redacted when it is text.</summary>
    public static object? Redact(object? value) => value switch
    {
        string text => Redact(text),
        null => null,
        _ when value.GetType().IsPrimitive || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum => value,
        _ => Redact(value.ToString() ?? ""),
    };

    // A "?" that follows a path or URL character and runs to the next space or quote.
    [GeneratedRegex(@"(?<=[A-Za-z0-9/_.%~\-])\?[^\s""'<>]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex QueryString();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])[0-9a-f]{64}(?![0-9A-Fa-f])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LinkageKey();
}
