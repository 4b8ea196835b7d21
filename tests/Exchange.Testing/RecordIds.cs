namespace Exchange.Testing;

/// <summary>
/// Record ids for test records. They carry no digit after the prefix: a random id with digits
/// holds, about once in 2,500, a run that reads as a legacy resident id, and the hub rightly
/// refuses such a record id.
/// </summary>
public static class RecordIds
{
    /// <summary>A fresh id of at most <paramref name="length"/> characters.</summary>
    public static string Fresh(string prefix, int length = 30) =>
        (prefix + string.Concat(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c)))[..length];

    /// <summary>The <paramref name="n"/>-th id of a series, in letters: <c>a</c>, <c>b</c>, … <c>ba</c>.</summary>
    public static string Numbered(string prefix, int n)
    {
        var letters = "";
        do
        {
            letters = (char)('a' + (n % 26)) + letters;
            n /= 26;
        }
        while (n > 0);
        return prefix + letters;
    }
}
