using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Exchange.Core.Validation.Compiled;

/// <summary>Reads string and number tokens straight from the reader's bytes, without building a tree.</summary>
internal static class JsonText
{
    /// <summary>
    /// The characters of a string token, into a buffer from the shared array pool. Escapes
    /// are undone by hand: a lone surrogate such as <c>\ud800</c> is legal JSON that
    /// <see cref="Utf8JsonReader.CopyString(Span{char})"/> refuses, and it must reach the checks.
    /// </summary>
    public static int ReadChars(ref Utf8JsonReader reader, ref char[] buffer)
    {
        var raw = reader.ValueSpan;
        if (buffer.Length < raw.Length)
        {
            ArrayPool<char>.Shared.Return(buffer);
            buffer = ArrayPool<char>.Shared.Rent(raw.Length);
        }
        if (!reader.ValueIsEscaped)
            return Encoding.UTF8.GetChars(raw, buffer);

        var written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var b = raw[i];
            if (b != (byte)'\\')
            {
                var run = raw[i..].IndexOf((byte)'\\');
                var chunk = run < 0 ? raw[i..] : raw.Slice(i, run);
                written += Encoding.UTF8.GetChars(chunk, buffer.AsSpan(written));
                i += chunk.Length;
                continue;
            }
            var escape = raw[i + 1];
            i += 2;
            buffer[written++] = escape switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'u' => (char)HexValue(raw.Slice(i, 4)),
                _ => (char)escape,
            };
            if (escape == (byte)'u')
                i += 4;
        }
        return written;
    }

    /// <summary>The number of Unicode code points, as JSON Schema measures a string's length; a lone surrogate counts as one.</summary>
    public static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }

    /// <summary>Code points of an unescaped UTF-8 string: every byte that does not continue a sequence starts one.</summary>
    public static int CodePoints(ReadOnlySpan<byte> utf8)
    {
        var continuation = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) == 0x80)
                continuation++;
        }
        return utf8.Length - continuation;
    }

    /// <summary>True for a number written without fraction or exponent, which is what an integer schema accepts.</summary>
    public static bool IsIntegerLiteral(ReadOnlySpan<byte> number) => number.IndexOfAny(".eE"u8) < 0;

    /// <summary>
    /// The value of a number token for range checks: exact as a decimal where it fits, otherwise as
    /// a double (which saturates to infinity rather than failing, so 1e400 is simply above any maximum).
    /// </summary>
    public static NumberValue ReadNumber(ReadOnlySpan<byte> number)
    {
        if (decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
            return new NumberValue(exact, 0, true);
        double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate);
        return new NumberValue(0, approximate, false);
    }

    private static int HexValue(ReadOnlySpan<byte> hex) =>
        System.Buffers.Text.Utf8Parser.TryParse(hex, out ushort value, out _, 'X') ? value : 0xFFFD;
}

/// <summary>A number read for comparison: a decimal when it fits one, else a double.</summary>
internal readonly record struct NumberValue(decimal Exact, double Approximate, bool IsExact)
{
    public bool Below(decimal bound, bool orEqual) => IsExact
        ? orEqual ? Exact <= bound : Exact < bound
        : orEqual ? Approximate <= (double)bound : Approximate < (double)bound;

    public bool Above(decimal bound, bool orEqual) => IsExact
        ? orEqual ? Exact >= bound : Exact > bound
        : orEqual ? Approximate >= (double)bound : Approximate > (double)bound;
}
