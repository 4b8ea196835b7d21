using System.Text;
using System.Text.Unicode;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Decodes a CSV file's bytes: with the declared charset when one is given; else UTF-8 (a BOM
/// is dropped) when the bytes are valid UTF-8; else GB18030, the superset of GBK and GB2312 that
/// student-system exports use. Decoding never substitutes characters: bytes that do not decode
/// are an error, not a row with question marks in a name.
/// </summary>
internal static class CsvEncoding
{
    static CsvEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The text and the name of the encoding used; an error message (English) when the bytes do not decode.</summary>
    public static (string? Text, string? EncodingName, string? Error) Decode(ReadOnlySpan<byte> bytes, string? declaredCharset)
    {
        if (!string.IsNullOrWhiteSpace(declaredCharset))
        {
            Encoding declared;
            try
            {
                declared = Encoding.GetEncoding(declaredCharset.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                return (null, null, $"The declared charset '{declaredCharset}' is not known.");
            }
            return TryDecode(StripPreamble(bytes, declared), declared);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        if (Utf8.IsValid(bytes))
            return (Encoding.UTF8.GetString(bytes), "utf-8", null);
        return TryDecode(bytes, Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));
    }

    private static ReadOnlySpan<byte> StripPreamble(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        var preamble = encoding.Preamble;
        return !preamble.IsEmpty && bytes.StartsWith(preamble) ? bytes[preamble.Length..] : bytes;
    }

    private static (string? Text, string? EncodingName, string? Error) TryDecode(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        try
        {
            return (encoding.GetString(bytes), encoding.WebName, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, null, $"The file does not decode as {encoding.WebName}.");
        }
    }
}
