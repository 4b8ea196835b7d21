namespace Exchange.Core.Identifiers;

/// <summary>
/// Finds resident ids left to right by the rule that <see cref="ResidentIdScrubber"/> documents:
/// a run of digits bounded by non-digits, 15 long (legacy), 18 long, or 17 long and followed by an
/// X that is itself not followed by a digit — or a disability certificate number, such an 18-character
/// id followed by a category digit 1–7 and a grade digit 1–4; with a real birth date; and not inside a
/// word of 32 or more ASCII hex characters. The same code reads UTF-16 and UTF-8, so the two cannot drift apart.
/// </summary>
/// <remarks>
/// An id is at least 15 units long, so only every 15th unit is looked at until one is a digit:
/// text without a run of 15 digits is passed over in a fifteenth of its length. A digit run hit
/// is measured once, and the hex word around a candidate once for all the candidates it holds.
/// </remarks>
internal ref struct ResidentIdScanner<TUnit, TText>
    where TUnit : unmanaged
    where TText : struct, IResidentIdText<TUnit>
{
    private const int ShortestId = 15;
    private const int HexWordMinimum = 32;

    private readonly ReadOnlySpan<TUnit> _text;
    private int _probe = ShortestId - 1;
    private int _hexWordStart;
    private int _hexWordEnd;

    public ResidentIdScanner(ReadOnlySpan<TUnit> text) => _text = text;

    /// <summary>The next id after the previous one: where it starts and how many units it takes.</summary>
    public bool TryNext(out int index, out int length)
    {
        Span<byte> digits = stackalloc byte[20];
        while (_probe < _text.Length)
        {
            // Any run of 15 or more digits starting after the last one looked at covers the probe.
            var start = TText.DigitStartAt(_text, _probe);
            if (start < 0)
            {
                _probe += ShortestId;
                continue;
            }
            while (TText.DigitWidthBefore(_text, start) is var before and > 0)
                start -= before;

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
            // The unit at end is not a digit, so the next run starts after it.
            _probe = end + ShortestId;

            if (count == 17)
            {
                var x = TText.ReadX(_text, end);
                if (x == 0)
                    continue;
                end += x;
                // A disability certificate number: the id, then a category (1-7) and a grade (1-4) digit.
                if (TText.ReadDigit(_text, end, out var categoryWidth) is var category and >= 0)
                {
                    var grade = TText.ReadDigit(_text, end + categoryWidth, out var gradeWidth);
                    if (category is < 1 or > 7 || grade is < 1 or > 4 || TText.ReadDigit(_text, end + categoryWidth + gradeWidth, out _) >= 0)
                        continue;
                    end += categoryWidth + gradeWidth;
                }
                allAscii = false; // X is not a hex digit: such an id is never part of a digest
            }
            else if (count == 20)
            {
                if (digits[18] is < 1 or > 7 || digits[19] is < 1 or > 4)
                    continue;
            }
            else if (count is not (15 or 18))
            {
                continue;
            }

            if (!ResidentIdRule.HasBirthDate(digits, legacy: count == 15) || (allAscii && InHexWord(start, end)))
                continue;

            _probe = end + ShortestId;
            index = start;
            length = end - start;
            return true;
        }

        index = length = 0;
        return false;
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
    /// <summary>Where the digit (ASCII or full-width) that covers the unit at <paramref name="at"/> starts; -1 when it is no digit.</summary>
    static abstract int DigitStartAt(ReadOnlySpan<TUnit> text, int at);

    /// <summary>The width in units of a digit that ends just before <paramref name="at"/>; 0 when there is none.</summary>
    static abstract int DigitWidthBefore(ReadOnlySpan<TUnit> text, int at);

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
    public static int DigitStartAt(ReadOnlySpan<char> text, int at) => ReadDigit(text, at, out _) >= 0 ? at : -1;

    public static int DigitWidthBefore(ReadOnlySpan<char> text, int at) => ReadDigit(text, at - 1, out _) >= 0 ? 1 : 0;

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
    private static ReadOnlySpan<byte> FullWidthUpperX => [0xEF, 0xBC, 0xB8];
    private static ReadOnlySpan<byte> FullWidthLowerX => [0xEF, 0xBD, 0x98];

    // EF is never a continuation byte, so reading a full-width digit backwards agrees with reading it forwards.
    public static int DigitStartAt(ReadOnlySpan<byte> text, int at)
    {
        for (var start = at; start >= 0 && start > at - 3; start--)
        {
            if (ReadDigit(text, start, out var width) >= 0)
                return start + width > at ? start : -1;
            if (text[start] < 0x80)
                return -1;
        }
        return -1;
    }

    public static int DigitWidthBefore(ReadOnlySpan<byte> text, int at) =>
        ReadDigit(text, at - 1, out var ascii) >= 0 && ascii == 1 ? 1 : ReadDigit(text, at - 3, out var fullWidth) >= 0 && fullWidth == 3 ? 3 : 0;

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
