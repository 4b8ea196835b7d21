namespace Exchange.Index.Matching;

/// <summary>
/// The GB/T 2260 hierarchy read from the code itself: a six-digit code is a province when it ends
/// in 0000, a prefecture when it ends in 00, else a county; a county lies within the prefecture of
/// its first four digits and the province of its first two.
/// </summary>
public static class RegionCodes
{
    /// <summary>How closely a region a graduate prefers covers a work region.</summary>
    public enum Cover
    {
        /// <summary>The preferred region does not contain the work region.</summary>
        None,
        /// <summary>The preferred region is the province of the work region.</summary>
        Province,
        /// <summary>The preferred region is the prefecture of the work region.</summary>
        Prefecture,
        /// <summary>The preferred region is the work region itself.</summary>
        Exact,
    }

    /// <summary>The digits a code's level keeps: 2 for a province, 4 for a prefecture, 6 for a county.</summary>
    public static int SignificantDigits(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 6)
            return code.Length;
        return code.EndsWith("0000", StringComparison.Ordinal) ? 2 : code.EndsWith("00", StringComparison.Ordinal) ? 4 : 6;
    }

    /// <summary>The province code (<c>410000</c>) of any code (<c>410102</c>).</summary>
    public static string Province(string code) => code.Length >= 2 ? code[..2] + "0000" : code;

    /// <summary>How <paramref name="preferred"/> covers <paramref name="workRegion"/>.</summary>
    public static Cover Covers(string preferred, string workRegion)
    {
        ArgumentNullException.ThrowIfNull(preferred);
        ArgumentNullException.ThrowIfNull(workRegion);
        if (preferred.Length != 6 || workRegion.Length != 6)
            return Cover.None;
        if (string.Equals(preferred, workRegion, StringComparison.Ordinal))
            return Cover.Exact;
        var digits = SignificantDigits(preferred);
        if (digits == 6 || string.CompareOrdinal(preferred, 0, workRegion, 0, digits) != 0)
            return Cover.None;
        return digits == 4 ? Cover.Prefecture : Cover.Province;
    }
}
