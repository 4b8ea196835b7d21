using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Exchange.Core.Json;

namespace Exchange.Core.Validation;

/// <summary>
/// The checks a record's bytes pass before any parser builds a tree from them: size, encoding,
/// well-formed JSON, nesting depth and an object at the root. They run on a forward-only reader
/// so that a 10 MB string or 10,000 levels of nesting cost one bounded scan, never a tree.
/// </summary>
internal static class InputChecks
{
    private static readonly Encoding s_gb18030 = CreateGb18030();

    public static Problem? Check(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > RecordJson.MaxRecordBytes)
            return Problems.TooLarge(utf8.Length);
        if (utf8.IsEmpty || utf8.Trim(" \t\r\n"u8).IsEmpty)
            return Problems.Empty();
        if (!Utf8.IsValid(utf8))
            return Problems.Encoding(LooksLikeGb18030(utf8));

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = RecordJson.MaxDepth + 1 });
        try
        {
            if (!reader.Read())
                return Problems.Empty();
            if (reader.TokenType != JsonTokenType.StartObject)
                return Problems.NotObject(reader.TokenType);
            while (reader.Read())
            {
                if (reader.CurrentDepth > RecordJson.MaxDepth)
                    return Problems.TooDeep();
            }
        }
        catch (JsonException ex)
        {
            return reader.CurrentDepth >= RecordJson.MaxDepth ? Problems.TooDeep() : Problems.NotJson(ex.LineNumber, ex.BytePositionInLine, ex.Message);
        }
        return null;
    }

    /// <summary>True when bytes that are not UTF-8 decode cleanly as GB18030 (a superset of GBK).</summary>
    public static bool LooksLikeGb18030(ReadOnlySpan<byte> bytes)
    {
        try
        {
            s_gb18030.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
