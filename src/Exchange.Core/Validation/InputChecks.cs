using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Exchange.Core.Json;

namespace Exchange.Core.Validation;

/// <summary>
/// The checks a record's bytes pass before any parser builds a tree from them: size, encoding,
/// well-formed JSON, nesting depth, an object at the root, and no NUL character in any string. They
/// run on a forward-only reader so that a 10 MB string or 10,000 levels of nesting cost one bounded
/// scan, never a tree.
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
            var holdsNul = false;
            while (reader.Read())
            {
                if (reader.CurrentDepth > RecordJson.MaxDepth)
                    return Problems.TooDeep();
                // JSON cannot carry U+0000 unescaped, so only an escaped string can hold one.
                holdsNul |= reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && EscapesNul(reader.ValueSpan);
            }
            if (holdsNul)
                return Problems.NulCharacter(FirstNulPointer(utf8));
        }
        catch (JsonException ex)
        {
            return reader.CurrentDepth >= RecordJson.MaxDepth ? Problems.TooDeep() : Problems.NotJson(ex.LineNumber, ex.BytePositionInLine, ex.Message);
        }
        return null;
    }

    // PostgreSQL's text and jsonb refuse U+0000: a record holding one would fail every write of the
    // index transaction it is merged in.
    private static bool EscapesNul(ReadOnlySpan<byte> escaped)
    {
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != (byte)'\\')
                continue;
            if (escaped[i + 1] == (byte)'u' && escaped.Slice(i + 2, 4).SequenceEqual("0000"u8))
                return true;
            i += escaped[i + 1] == (byte)'u' ? 5 : 1;
        }
        return false;
    }

    // Rare, so a tree is affordable here: the pointer of the first string or name holding a NUL.
    private static string FirstNulPointer(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = RecordJson.MaxDepth + 1 });
        return Find(document.RootElement, "") ?? "";

        static string? Find(JsonElement element, string pointer)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? pointer : null;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        var at = JsonPointer.Append(pointer, property.Name);
                        if (property.Name.Contains('\0', StringComparison.Ordinal))
                            return at;
                        if (Find(property.Value, at) is { } found)
                            return found;
                    }
                    return null;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Find(item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture)) is { } found)
                            return found;
                        index++;
                    }
                    return null;
                default:
                    return null;
            }
        }
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
