using System.Text;
using Exchange.Core.Validation;

namespace Exchange.Core.Batches;

/// <summary>
/// JSON and NDJSON are UTF-8 on the wire, but a source may declare another charset (GBK, GB18030)
/// on its request. Such a batch is turned into UTF-8 before it is cut — strictly: bytes that do
/// not decode are never replaced, so a name never arrives with question marks in it.
/// </summary>
public static class BatchCharset
{
    static BatchCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>True when no charset, or UTF-8, is declared.</summary>
    public static bool IsUtf8(string? charset) =>
        string.IsNullOrWhiteSpace(charset) || charset.Trim().Trim('"').ToLowerInvariant() is "utf-8" or "utf8";

    /// <summary>
    /// Cuts a batch in a declared charset: the whole body is transcoded when it decodes; when it
    /// does not, each record is transcoded on its own, and a record that does not decode keeps its
    /// bytes, so that it alone is rejected for its encoding.
    /// </summary>
    public static RecordSplitter.Split Cut(ReadOnlyMemory<byte> body, string? charset)
    {
        if (IsUtf8(charset))
            return RecordSplitter.Cut(body);
        if (EncodingFor(charset!) is not { } encoding)
            return new([], new Problem("", ProblemCodes.InputEncoding,
                $"The declared charset '{Truncate(charset!)}' is not known; send UTF-8, or declare GBK or GB18030.",
                $"声明的字符集“{Truncate(charset!)}”无法识别；请使用 UTF-8，或声明 GBK、GB18030。"));

        if (TryTranscode(body.Span, encoding) is { } whole)
            return RecordSplitter.Cut(whole);

        var split = RecordSplitter.Cut(body);
        var records = split.Records
            .Select(r => TryTranscode(r.Utf8.Span, encoding) is { } utf8 ? r with { Utf8 = utf8 } : r)
            .ToList();
        return new(records, split.BatchProblem) { UnreadableRecords = split.UnreadableRecords };
    }

    internal static Encoding? EncodingFor(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"'), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    internal static byte[]? TryTranscode(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        try
        {
            var preamble = encoding.Preamble;
            if (!preamble.IsEmpty && bytes.StartsWith(preamble))
                bytes = bytes[preamble.Length..];
            return Encoding.UTF8.GetBytes(encoding.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // A charset name is the caller's text; it is echoed only as far as a name can be long.
    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
