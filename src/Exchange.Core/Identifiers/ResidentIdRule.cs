namespace Exchange.Core.Identifiers;

/// <summary>The birth-date part of the "looks like a resident id" rule, on digit values.</summary>
internal static class ResidentIdRule
{
    /// <summary>
    /// True when the digits hold a real birth date: yyyyMMdd at 6–13 with a year 1900–2099, or for
    /// a legacy id yyMMdd at 6–11 with any year. The check character is not looked at.
    /// </summary>
    /// <param name="digits">The digit values (0–9) of the id: at least its first 17, or 15 for a legacy id.</param>
    /// <param name="legacy">Whether the id is a legacy 15-digit one.</param>
    public static bool HasBirthDate(ReadOnlySpan<byte> digits, bool legacy)
    {
        if (legacy)
            return IsDate(century: null, Two(digits, 6), Two(digits, 8), Two(digits, 10));
        var century = Two(digits, 6);
        return century is 19 or 20 && IsDate(century, Two(digits, 8), Two(digits, 10), Two(digits, 12));
    }

    private static int Two(ReadOnlySpan<byte> digits, int at) => (digits[at] * 10) + digits[at + 1];

    // A legacy year has no century: 29 February of "00" is real in 2000 though not in 1900.
    private static bool IsDate(int? century, int year, int month, int day)
    {
        if (month is < 1 or > 12 || day < 1)
            return false;
        var leap = year % 4 == 0 && !(year == 0 && century == 19);
        var days = month switch
        {
            2 => leap ? 29 : 28,
            4 or 6 or 9 or 11 => 30,
            _ => 31,
        };
        return day <= days;
    }
}
