using System.Text;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>
/// Chooses how a CSV file's bytes decode: with the declared charset when one is given; else UTF-8
/// (a BOM is dropped) when the bytes are valid UTF-8; else GB18030, the superset of GBK and GB2312
/// that student-system exports use. Decoding never substitutes characters: bytes that do not
/// decode are an error, not a row with question marks in a name.
/// </summary>
/// <remarks>
/// The choice is made by one pass over the whole stream in 64 KiB blocks before any row is read,
/// then the stream is rewound: a file that does not decode is refused whole, as it was when files
/// were read into memory, and no row of it reaches the log. The pass holds one block at a time.
/// </remarks>
internal static class CsvEncoding
{
    private const int BlockBytes = 64 * 1024;

    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];

    static CsvEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A chosen encoding, where the text starts (after a byte-order mark), and its name as the sender gave it.</summary>
    public sealed record Choice(Encoding Encoding, long TextStart, string? DeclaredName = null)
    {
        // .NET names GBK by its code page's web name, gb2312, which is a smaller character set.
        public string Name => DeclaredName ?? Encoding.WebName;

        /// <summary>A reader of the text from its start; decoding errors throw rather than substitute.</summary>
        public TextReader OpenReader(Stream stream)
        {
            stream.Seek(TextStart, SeekOrigin.Begin);
            return new StreamReader(stream, Encoding, detectEncodingFromByteOrderMarks: false, BlockBytes, leaveOpen: true);
        }
    }

    /// <summary>The encoding of a seekable stream; an error message (English) when the bytes do not decode.</summary>
    public static (Choice? Choice, string? Error) Detect(Stream stream, string? declaredCharset)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("Detecting a CSV file's encoding reads it twice; the stream must be seekable.", nameof(stream));

        if (!string.IsNullOrWhiteSpace(declaredCharset))
        {
            Encoding declared;
            try
            {
                declared = Encoding.GetEncoding(declaredCharset.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                return (null, $"The declared charset '{declaredCharset}' is not known.");
            }
            var start = StartsWith(stream, declared.Preamble) ? declared.Preamble.Length : 0;
            var name = declaredCharset.Trim();
            return Decodes(stream, start, declared) ? (new Choice(declared, start, name), null) : (null, $"The file does not decode as {name}.");
        }

        var textStart = StartsWith(stream, s_utf8Bom) ? s_utf8Bom.Length : 0;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        if (Decodes(stream, textStart, utf8))
            return (new Choice(utf8, textStart), null);
        var gb18030 = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return Decodes(stream, textStart, gb18030) ? (new Choice(gb18030, textStart), null) : (null, $"The file does not decode as {gb18030.WebName}.");
    }

    private static bool StartsWith(Stream stream, ReadOnlySpan<byte> preamble)
    {
        if (preamble.IsEmpty)
            return false;
        stream.Seek(0, SeekOrigin.Begin);
        Span<byte> head = stackalloc byte[preamble.Length];
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(preamble);
    }

    private static bool Decodes(Stream stream, long start, Encoding encoding)
    {
        stream.Seek(start, SeekOrigin.Begin);
        var decoder = encoding.GetDecoder();
        var bytes = new byte[BlockBytes];
        var chars = new char[encoding.GetMaxCharCount(BlockBytes)];
        try
        {
            int read;
            while ((read = stream.Read(bytes)) > 0)
                decoder.GetChars(bytes.AsSpan(0, read), chars, flush: false);
            decoder.GetChars([], chars, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
