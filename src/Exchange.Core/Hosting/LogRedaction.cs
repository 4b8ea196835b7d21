using System.Text;
using Exchange.Core.Identifiers;

namespace Exchange.Core.Hosting;

/// <summary>
/// What must never reach a log line, whoever wrote it (the hub or the framework): a resident id
/// (replaced by the scrubber's marker), a query string (it can carry <c>access_token</c> or an
/// id) and a linkage key (64 hex characters, the subject's pseudonym, linkable across sources).
/// </summary>
/// <remarks>
/// Each rule is one forward scan over the text, with no regular expression: a pattern matcher with
/// a time limit gives up on a long line when the machine is busy, and a logger that throws takes
/// down whatever was logging. These scans finish on any text, in time linear in its length.
/// </remarks>
public static class LogRedaction
{
    public const string QueryMarker = "?[query]";
    public const string SubjectKeyMarker = "[subject-key]";

    private const int LinkageKeyLength = 64;

    /// <summary>The text with every resident id, query string and linkage key replaced.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var scrubbed = ResidentIdScrubber.Scrub(text)!;
        return RedactLinkageKeys(RedactQueryStrings(scrubbed));
    }

    /// <summary>A value of structured state or a scope, redacted when it is text.</summary>
    public static object? Redact(object? value) => value switch
    {
        string text => Redact(text),
        null => null,
        _ when value.GetType().IsPrimitive || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum => value,
        _ => Redact(value.ToString() ?? ""),
    };

    // A "?" that follows a path or URL character runs to the next space, quote or angle bracket.
    private static string RedactQueryStrings(string text)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var i = text.IndexOf('?', StringComparison.Ordinal); i >= 0; i = i < text.Length ? text.IndexOf('?', i) : -1)
        {
            if (i == 0 || !IsPathCharacter(text[i - 1]))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && !EndsQuery(text[end]))
                end++;
            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, i - copied).Append(QueryMarker);
            copied = i = end;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    // A run of hex characters that is exactly 64 long and all lower case, as a linkage key is
    // written; a longer run is some other hash and an upper-case one is not the hub's.
    private static string RedactLinkageKeys(string text)
    {
        if (text.Length < LinkageKeyLength)
            return text;

        StringBuilder? builder = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiHexDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var lowerCaseOnly = true;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                lowerCaseOnly &= !char.IsAsciiHexDigitUpper(text[i]) || char.IsAsciiDigit(text[i]);
                i++;
            }

            if (i - start != LinkageKeyLength || !lowerCaseOnly)
                continue;
            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, start - copied).Append(SubjectKeyMarker);
            copied = i;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsPathCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '.' or '%' or '~' or '-';

    private static bool EndsQuery(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>';
}
