namespace Exchange.Index.Resolution.Features;

/// <summary>
/// A 64-bit hash that is the same in every process and version, so blocking keys and term
/// frequency tables can be stored and compared later. Equality of two hashes stands for equality
/// of the values; at 64 bits a false equality among ten million pairs has odds of about 1 in 10^12.
/// </summary>
public static class StableHash
{
    private const ulong Seed = 0x9E3779B97F4A7C15;

    public static long Of(ReadOnlySpan<char> text)
    {
        var h = Seed ^ (ulong)text.Length;
        foreach (var c in text)
            h = Mix(h ^ c);
        return (long)Finish(h);
    }

    public static long Of(ReadOnlySpan<int> codes)
    {
        var h = Seed ^ ((ulong)codes.Length << 1) ^ 0x5555;
        foreach (var c in codes)
            h = Mix(h ^ (uint)c);
        return (long)Finish(h);
    }

    /// <summary>Combines hashes in order: (a, b) and (b, a) differ.</summary>
    public static long Combine(long a, long b) => (long)Finish(Mix((ulong)a * 31 + Seed) ^ (ulong)b);

    private static ulong Mix(ulong h) => (h * 0xBF58476D1CE4E5B9) ^ ((h * 0xBF58476D1CE4E5B9) >> 29);

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCD;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53;
        h ^= h >> 33;
        return h;
    }
}
