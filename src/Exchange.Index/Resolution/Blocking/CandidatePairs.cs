namespace Exchange.Index.Resolution.Blocking;

/// <summary>The distinct pairs of record positions the blocking rules produced, each as (left &lt; right).</summary>
public sealed class CandidatePairs(long[] packed, IReadOnlyList<BlockingRuleStats> rules)
{
    /// <summary>Pairs packed as left &lt;&lt; 32 | right, sorted.</summary>
    internal long[] Packed { get; } = packed;

    public int Count => Packed.Length;

    public IReadOnlyList<BlockingRuleStats> Rules { get; } = rules;

    public (int Left, int Right) this[int index] => Unpack(Packed[index]);

    internal static long Pack(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    internal static (int Left, int Right) Unpack(long pair) => ((int)(pair >> 32), (int)(pair & 0xFFFFFFFF));

    public bool Contains(int a, int b) => Array.BinarySearch(Packed, Pack(a, b)) >= 0;
}

/// <summary>What one blocking rule did: pairs it produced (before removing those already found) and its capped blocks.</summary>
public sealed record BlockingRuleStats(string Rule, long Pairs, int Blocks, int LargestBlock, int CappedBlocks, long RecordsInCappedBlocks, bool CappedBlocksSkipped);

/// <summary>One blocking key of a record: the rule's name and a 64-bit hash, stable across processes and versions.</summary>
public readonly record struct BlockingKey(string Rule, long Key);
