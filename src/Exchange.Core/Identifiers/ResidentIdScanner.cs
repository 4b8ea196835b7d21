namespace Exchange.Core.Identifiers;

/// <summary>
/// Finds resident ids left to right by the rule that <see cref="ResidentIdScrubber"/> documents:
/// a run of digits bounded by non-digits, 15 long (legacy), 18 long, or 17 long and followed by an
/// X that is itself not followed by a digit; with a real birth date; and not inside a word of 32 or
/// more ASCII hex characters. The same code reads UTF-16 and UTF-8, so the two cannot drift apart.
/// </summary>
/// <remarks>
/// Each unit is looked at a bounded number of times: the next digit is found with vectorised
/// searches whose results are kept until passed, a digit run is walked once, and the hex word
/// around a candidate is measured once for all the candidates it holds.
/// </remarks>
internal ref struct ResidentIdScanner<TUnit, TText>
    where TUnit : unmanaged
    where TText : struct, IResidentIdText<TUnit>
{
    private const int ShortestId = 15;
    private const int HexWordMinimum = 32;

    private readonly ReadOnlySpan<TUnit> _text;
    private int _position;
    private int _nextAsciiDigit = -1;
    private int _nextFullWidthDigit = -1;
    private int _hexWordStart;
    private int _hexWordEnd;

    public ResidentIdScanner(ReadOnlySpan<TUnit> text)
    {
        _text = text;
        // Fast path: nothing shorter than the shortest id is searched at all.
        _position = text.Length < ShortestId ? text.Length : 0;
    }

    /// <summary>The next id after the previous one: where it starts and how many units it takes.</summary>
    public bool TryNext(out int index, out int length)
    {
        Span<byte> digits = stackalloc byte[17];
        while (NextDigit() is var start and >= 0)
        {
            int count = 0, end = start, value;
            var allAscii = true;
            while ((value = TText.ReadDigit(_text, end, out var width)) >= 0)
            {
                if (count < digits.Length)
                    digits[count] = (byte)value;
                allAscii &= TText.IsAsciiDigit(_text[end]);
                count++;
                end += width;
            }
            _position = end;

            if (count == 17)
            {
                var x = TText.ReadX(_text, end);
                if (x == 0 || TText.ReadDigit(_text, end + x, out _) >= 0)
                    continue;
                end += x;
                allAscii = false; // X is not a hex digit: such an id is never part of a digest
            }
            else if (count is not (15 or 18))
            {
                continue;
            }

            if (!ResidentIdRule.HasBirthDate(digits, legacy: count == 15) || (allAscii && InHexWord(start, end)))
                continue;

            _position = end;
            index = start;
            length = end - start;
            return true;
        }

        _position = _text.Length;
        index = length = 0;
        return false;
    }

    // The first digit at or after _position. _position is always 0 or just past a non-digit, so
    // the digit found starts a run: nothing before it can extend it.
    private int NextDigit()
    {
        var from = _position;
        if (_nextAsciiDigit < from)
            _nextAsciiDigit = Found(from, TText.IndexOfAsciiDigit(_text[from..]));
        if (_nextFullWidthDigit < from)
            _nextFullWidthDigit = Found(from, TText.IndexOfFullWidthDigit(_text[from..]));
        var next = Math.Min(_nextAsciiDigit, _nextFullWidthDigit);
        return next == int.MaxValue ? -1 : next;

        static int Found(int from, int index) => index < 0 ? int.MaxValue : from + index;
    }

    // Linkage keys and content hashes are 64 hex characters and may hold 18 digits in a row.
    private bool InHexWord(int start, int end)
    {
        if (start < _hexWordStart || start >= _hexWordEnd)
        {
            while (start > 0 && TText.IsAsciiHexDigit(_text[start - 1]))
                start--;
            while (end < _text.Length && TText.IsAsciiHexDigit(_text[end]))
                end++;
            _hexWordStart = start;
            _hexWordEnd = end;
        }
        return _hexWordEnd - _hexWordStart >= HexWordMinimum;
    }
}

/// <summary>How the scanner reads digits, X and hex characters in one encoding.</summary>
internal interface IResidentIdText<TUnit>
    where TUnit : unmanaged
{
    /// <summary>Index of the first ASCII digit, or -1.</summary>
    static abstract int IndexOfAsciiDigit(ReadOnlySpan<TUnit> text);

    /// <summary>Index of the first full-width digit (U+FF10–U+FF19), or -1.</summary>
    static abstract int IndexOfFullWidthDigit(ReadOnlySpan<TUnit> text);

    /// <summary>The value of the digit (ASCII or full-width) at <paramref name="at"/> and its width in units; -1 when there is none.</summary>
    static abstract int ReadDigit(ReadOnlySpan<TUnit> text, int at, out int width);

    /// <summary>The width in units of an X or x (ASCII or full-width) at <paramref name="at"/>; 0 when there is none.</summary>
    static abstract int ReadX(ReadOnlySpan<TUnit> text, int at);

    /// <summary>True for 0–9.</summary>
    static abstract bool IsAsciiDigit(TUnit unit);

    /// <summary>True for 0–9, a–f and A–F.</summary>
    static abstract bool IsAsciiHexDigit(TUnit unit);
}

/// <summary>UTF-16 text: every digit and X is one unit.</summary>
internal readonly struct Utf16Text : IResidentIdText<char>
{
    public static int IndexOfAsciiDigit(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('0', '9');

    public static int IndexOfFullWidthDigit(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('０', '９');

    public static int ReadDigit(ReadOnlySpan<char> text, int at, out int width)
    {
        width = 1;
        if ((uint)at >= (uint)text.Length)
            return -1;
        var c = text[at];
        return c is >= '0' and <= '9' ? c - '0' : c is >= '０' and <= '９' ? c - '０' : -1;
    }

    public static int ReadX(ReadOnlySpan<char> text, int at) =>
        (uint)at < (uint)text.Length && text[at] is 'X' or 'x' or 'Ｘ' or 'ｘ' ? 1 : 0;

    public static bool IsAsciiDigit(char unit) => char.IsAsciiDigit(unit);

    public static bool IsAsciiHexDigit(char unit) => char.IsAsciiHexDigit(unit);
}

/// <summary>UTF-8 text: a full-width digit is EF BC 90–99, full-width X is EF BC B8 and x is EF BD 98.</summary>
internal readonly struct Utf8Text : IResidentIdText<byte>
{
    private static ReadOnlySpan<byte> FullWidthLead => [0xEF, 0xBC];
    private static ReadOnlySpan<byte> FullWidthUpperX => [0xEF, 0xBC, 0xB8];
    private static ReadOnlySpan<byte> FullWidthLowerX => [0xEF, 0xBD, 0x98];

    public static int IndexOfAsciiDigit(ReadOnlySpan<byte> text) => text.IndexOfAnyInRange((byte)'0', (byte)'9');

    // EF BC also leads the full-width punctuation of Chinese text (，：（）), so a hit is checked.
    public static int IndexOfFullWidthDigit(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (text[offset..].IndexOf(FullWidthLead) is var found and >= 0)
        {
            var at = offset + found;
            if (ReadDigit(text, at, out _) >= 0)
                return at;
            offset = at + 2;
        }
        return -1;
    }

    public static int ReadDigit(ReadOnlySpan<byte> text, int at, out int width)
    {
        width = 1;
        if ((uint)at >= (uint)text.Length)
            return -1;
        if (text[at] is >= (byte)'0' and <= (byte)'9')
            return text[at] - '0';
        width = 3;
        return at + 2 < text.Length && text[at] == 0xEF && text[at + 1] == 0xBC && text[at + 2] is >= 0x90 and <= 0x99
            ? text[at + 2] - 0x90
            : -1;
    }

    public static int ReadX(ReadOnlySpan<byte> text, int at)
    {
        if ((uint)at >= (uint)text.Length)
            return 0;
        if (text[at] is (byte)'X' or (byte)'x')
            return 1;
        var rest = text[at..];
        return rest.StartsWith(FullWidthUpperX) || rest.StartsWith(FullWidthLowerX) ? 3 : 0;
    }

    public static bool IsAsciiDigit(byte unit) => char.IsAsciiDigit((char)unit);

    public static bool IsAsciiHexDigit(byte unit) => char.IsAsciiHexDigit((char)unit);
}
