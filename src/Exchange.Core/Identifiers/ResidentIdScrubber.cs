using System.Diagnostics.CodeAnalysis;
using System.Text;
using Exchange.Core.Validation;

namespace Exchange.Core.Identifiers;

/// <summary>
/// Replaces every resident id (GB 11643) in what leaves the ingest door — log keys, headers, dead
/// letters, problem messages, log lines — by <see cref="Marker"/>. One rule, used everywhere:
/// <list type="bullet">
/// <item>an 18-character id is 6 digits, a birth date yyyyMMdd that is a real calendar date with a
/// year 1900–2099, 3 digits, and a digit or X/x; the check character is not required, since a
/// mistyped id is still an id;</item>
/// <item>a legacy id is 6 digits, a real date yyMMdd (any year), and 3 digits;</item>
/// <item>a disability certificate number — an 18-character id followed by a category digit 1–7 and
/// a grade digit 1–4 — is replaced whole;</item>
/// <item>full-width digits (U+FF10–U+FF19) and full-width X/x (U+FF38, U+FF58) count as their
/// ASCII forms;</item>
/// <item>the id is not preceded or followed by another digit, ASCII or full-width: a 16-digit run
/// holds no legacy id and a 19-digit run no 18-character one. Letters do not protect it:
/// <c>ID110101199003077777</c> and <c>身份证110101199003077777号</c> hold an id;</item>
/// <item>a run of ASCII digits inside a word of 32 or more ASCII hex characters (0–9, a–f, A–F) is
/// not an id: linkage keys and content hashes are 64 hex characters and may hold 18 digits in a row.</item>
/// </list>
/// </summary>
/// <remarks>
/// Recognition is a forward scan over the text, with no regular expression and no allocation. An id
/// is at least 15 characters long, so the scan looks at every 15th character until one is a digit:
/// text without a run of 15 digits is passed over in a fifteenth of its length.
/// </remarks>
public static partial class ResidentIdScrubber
{
    /// <summary>What an id is replaced by.</summary>
    public const string Marker = "[resident-id]";

    /// <summary>True when the text holds a resident id.</summary>
    public static bool ContainsResidentId(ReadOnlySpan<char> text) =>
        new ResidentIdScanner<char, Utf16Text>(text).TryNext(out _, out _);

    /// <summary>
    /// True when the UTF-8 text holds a resident id; the same rule as for UTF-16 text, full-width
    /// characters included. The bytes are read as text: JSON escapes such as <c>\u0031</c> are not
    /// decoded and numbers are not evaluated, so this is no substitute for <see cref="ScrubJson"/>.
    /// </summary>
    public static bool ContainsResidentId(ReadOnlySpan<byte> utf8) =>
        new ResidentIdScanner<byte, Utf8Text>(utf8).TryNext(out _, out _);

    /// <summary>The text with every resident id replaced by <see cref="Marker"/>; the same instance when there is none.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Scrub(string? text)
    {
        if (text is null)
            return null;
        var scanner = new ResidentIdScanner<char, Utf16Text>(text);
        if (!scanner.TryNext(out var index, out var length))
            return text;

        var builder = new StringBuilder(text.Length);
        var copied = 0;
        do
        {
            builder.Append(text, copied, index - copied).Append(Marker);
            copied = index + length;
        }
        while (scanner.TryNext(out index, out length));
        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The problem with resident ids scrubbed from its pointer, code, message and Chinese message;
    /// the same instance when there is none. The pointer is also read segment by segment with its
    /// escapes decoded, because <c>~1</c> before an id makes it look like a longer digit run.
    /// </summary>
    public static Problem Scrub(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pointer = ScrubPointer(problem.Pointer);
        var code = Scrub(problem.Code);
        var message = Scrub(problem.Message);
        var messageZh = Scrub(problem.MessageZh);
        return ReferenceEquals(pointer, problem.Pointer) && ReferenceEquals(code, problem.Code)
            && ReferenceEquals(message, problem.Message) && ReferenceEquals(messageZh, problem.MessageZh)
            ? problem
            : problem with { Pointer = pointer, Code = code, Message = message, MessageZh = messageZh };
    }

    /// <summary>Each problem scrubbed as by <see cref="Scrub(Problem)"/>; the same list when none held an id.</summary>
    public static IReadOnlyList<Problem> Scrub(IReadOnlyList<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problem[]? scrubbed = null;
        for (var i = 0; i < problems.Count; i++)
        {
            var problem = Scrub(problems[i]);
            if (scrubbed is null)
            {
                if (ReferenceEquals(problem, problems[i]))
                    continue;
                scrubbed = new Problem[problems.Count];
                for (var j = 0; j < i; j++)
                    scrubbed[j] = problems[j];
            }
            scrubbed[i] = problem;
        }
        return scrubbed ?? problems;
    }

    // RFC 6901: "~1" is "/" and "~0" is "~" inside a segment.
    private static string ScrubPointer(string pointer)
    {
        if (pointer is null || !pointer.Contains('~', StringComparison.Ordinal))
            return Scrub(pointer)!;

        var segments = pointer.Split('/');
        var changed = false;
        for (var i = 0; i < segments.Length; i++)
        {
            var name = segments[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var scrubbed = Scrub(name);
            if (!ReferenceEquals(scrubbed, name))
            {
                segments[i] = scrubbed.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                changed = true;
            }
        }
        // The raw form as well: "~1" followed by 17 digits reads as an 18-digit id though the name holds none.
        return Scrub(changed ? string.Join('/', segments) : pointer);
    }
}
