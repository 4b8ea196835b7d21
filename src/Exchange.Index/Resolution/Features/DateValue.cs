using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Features;

/// <summary>Reads a date written as 19560409, 1956-04-09, 1956/4/9, 1956年4月9日 or, with an order, 09/04/1956.</summary>
internal static class DateValue
{
    /// <summary>yyyymmdd, or 0 when the text is not a date. The day is not checked against the month's length:
    /// a legacy ledger's 19921131 is kept so it can still meet 19921130 one digit off.</summary>
    public static int Parse(ReadOnlySpan<char> text, DateOrder order)
    {
        Span<int> groups = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        var count = 0;
        var value = 0;
        var width = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                if (width >= 8)
                    return 0;
                value = value * 10 + (c - '0');
                width++;
                continue;
            }
            if (width > 0)
            {
                if (count == 3)
                    return 0;
                groups[count] = value;
                widths[count++] = width;
            }
            value = 0;
            width = 0;
        }
        if (width > 0)
        {
            if (count == 3)
                return 0;
            groups[count] = value;
            widths[count++] = width;
        }
        int y, m, d;
        if (count == 1 && widths[0] == 8)
            (y, m, d) = (groups[0] / 10000, groups[0] / 100 % 100, groups[0] % 100);
        else if (count == 3 && widths[0] == 4)
            (y, m, d) = (groups[0], groups[1], groups[2]);
        else if (count == 3 && widths[2] == 4)
            (y, m, d) = order == DateOrder.Mdy ? (groups[2], groups[0], groups[1]) : (groups[2], groups[1], groups[0]);
        else
            return 0;
        if (y is < 1000 or > 2999 || m is < 1 or > 12 || d is < 1 or > 31)
            return 0;
        return y * 10000 + m * 100 + d;
    }
}
