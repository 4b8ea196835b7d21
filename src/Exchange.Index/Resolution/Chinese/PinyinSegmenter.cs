namespace Exchange.Index.Resolution.Chinese;

/// <summary>Splits romanised letters (<c>xiaowen</c>) into toneless pinyin syllables.</summary>
public static class PinyinSegmenter
{
    /// <summary>
    /// Appends the syllable ids of <paramref name="letters"/> (lower case a–z, <c>v</c> for ü) to
    /// <paramref name="into"/> and returns true, or returns false and appends nothing when the letters
    /// are not a sequence of pinyin syllables. Among the segmentations with fewest syllables the one
    /// with the longest first syllable wins (<c>xian</c> is one syllable, <c>fangan</c> is fang-an).
    /// </summary>
    public static bool TrySegment(ReadOnlySpan<char> letters, List<int> into)
    {
        var n = letters.Length;
        if (n == 0 || n > 64)
            return false;
        var longest = CharacterTables.LongestSyllable;
        // best[i]: fewest syllables covering letters[i..]; next[i]: length of the first of them.
        Span<int> best = stackalloc int[n + 1];
        Span<int> next = stackalloc int[n + 1];
        best[n] = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            best[i] = int.MaxValue;
            for (var len = Math.Min(longest, n - i); len >= 1; len--)
            {
                if (best[i + len] == int.MaxValue || CharacterTables.SyllableId(letters.Slice(i, len)) < 0)
                    continue;
                if (best[i + len] + 1 < best[i])
                {
                    best[i] = best[i + len] + 1;
                    next[i] = len;
                }
            }
        }
        if (best[0] == int.MaxValue)
            return false;
        for (var i = 0; i < n; i += next[i])
            into.Add(CharacterTables.SyllableId(letters.Slice(i, next[i])));
        return true;
    }
}
