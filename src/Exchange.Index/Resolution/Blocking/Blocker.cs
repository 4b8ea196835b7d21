using System.Collections.Concurrent;
using Exchange.Index.Resolution.Features;
using Exchange.Index.Resolution.Settings;

namespace Exchange.Index.Resolution.Blocking;

/// <summary>
/// Candidate pairs as the union of the blocking rules. Records sharing a key under a rule form a
/// block, compared all against all up to the rule's <c>maxBlockSize</c>; a larger block (王伟 born
/// in 2001) is sorted by the rule's <c>sortBy</c> field and each record compared with the next
/// <c>window</c> records only, so its cost grows with its size rather than its square. Without
/// <c>sortBy</c> such a block is skipped and counted. Pairs that are never scored are left out:
/// within one source under <c>link</c>, and two records that both carry a linkage key (equal keys
/// are joined directly, different keys are two people).
/// </summary>
public sealed class Blocker(ResolutionSchema schema)
{
    public CandidatePairs FindPairs(IReadOnlyList<RecordFeatures> records)
    {
        var all = new List<long[]>();
        var stats = new List<BlockingRuleStats>();
        for (var r = 0; r < schema.BlockingRules.Length; r++)
        {
            var (pairs, stat) = PairsOf(schema.BlockingRules[r], r, records);
            all.Add(pairs);
            stats.Add(stat);
        }
        var merged = new long[all.Sum(a => (long)a.Length)];
        var at = 0;
        foreach (var part in all)
        {
            part.CopyTo(merged, at);
            at += part.Length;
        }
        Array.Sort(merged);
        var distinct = 0;
        for (var i = 0; i < merged.Length; i++)
        {
            if (i == 0 || merged[i] != merged[i - 1])
                merged[distinct++] = merged[i];
        }
        Array.Resize(ref merged, distinct);
        return new CandidatePairs(merged, stats);
    }

    /// <summary>
    /// A record's blocking keys, one or a few per rule: what an index stores beside the record so that
    /// the candidates of a new record are the stored records sharing any of its keys.
    /// </summary>
    public IReadOnlyList<BlockingKey> KeysOf(RecordFeatures record)
    {
        var keys = new List<BlockingKey>();
        Span<long> buffer = stackalloc long[BlockingKeys.MaxKeys];
        for (var r = 0; r < schema.BlockingRules.Length; r++)
        {
            var n = BlockingKeys.Of(schema.BlockingRules[r].Parts, 0x7000 + r, record, buffer);
            for (var k = 0; k < n; k++)
                keys.Add(new BlockingKey(schema.BlockingRules[r].Name, buffer[k]));
        }
        return keys;
    }

    /// <summary>Whether a pair is ever scored by the probabilistic part.</summary>
    internal bool Admissible(RecordFeatures a, RecordFeatures b)
    {
        if (a.Source == b.Source && !schema.PairsWithinSource)
            return false;
        return a.LinkageKey == 0 || b.LinkageKey == 0;
    }

    /// <summary>Records grouped by key under a rule: positions sorted by key, and the start of each block.</summary>
    internal static (long[] Keys, int[] Members) Group(KeyPart[] parts, long salt, IReadOnlyList<RecordFeatures> records)
    {
        var keyed = new ConcurrentBag<(long[] Keys, int[] Members)>();
        Parallel.ForEach(Ranges.Of(records.Count, 16384), range =>
        {
            var keys = new List<long>(range.Item2 - range.Item1);
            var members = new List<int>(range.Item2 - range.Item1);
            Span<long> buffer = stackalloc long[BlockingKeys.MaxKeys];
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var n = BlockingKeys.Of(parts, salt, records[i], buffer);
                for (var k = 0; k < n; k++)
                {
                    keys.Add(buffer[k]);
                    members.Add(i);
                }
            }
            keyed.Add(([.. keys], [.. members]));
        });
        var total = keyed.Sum(k => k.Keys.Length);
        var allKeys = new long[total];
        var allMembers = new int[total];
        var at = 0;
        foreach (var (keys, members) in keyed)
        {
            keys.CopyTo(allKeys, at);
            members.CopyTo(allMembers, at);
            at += keys.Length;
        }
        Array.Sort(allKeys, allMembers);
        // The parallel gathering leaves equal keys in any order: put each block's members in order, so a run repeats exactly.
        for (var start = 0; start < allKeys.Length;)
        {
            var end = start + 1;
            while (end < allKeys.Length && allKeys[end] == allKeys[start])
                end++;
            if (end - start > 1)
                Array.Sort(allMembers, start, end - start);
            start = end;
        }
        return (allKeys, allMembers);
    }

    internal static List<(int Start, int Length)> Blocks(long[] keys)
    {
        var blocks = new List<(int, int)>();
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
                end++;
            if (end - start > 1)
                blocks.Add((start, end - start));
            start = end;
        }
        return blocks;
    }

    private (long[] Pairs, BlockingRuleStats Stats) PairsOf(BlockingRuleSpec rule, int ruleIndex, IReadOnlyList<RecordFeatures> records)
    {
        var (keys, members) = Group(rule.Parts, 0x7000 + ruleIndex, records);
        var blocks = Blocks(keys);
        var results = new ConcurrentBag<List<long>>();
        long capped = 0, cappedRecords = 0;
        var largest = 0;
        Parallel.ForEach(Ranges.Of(blocks.Count, 256), () => new List<long>(), (range, _, local) =>
        {
            for (var b = range.Item1; b < range.Item2; b++)
            {
                var (start, length) = blocks[b];
                InterlockedMax(ref largest, length);
                var block = members.AsSpan(start, length);
                if (length <= rule.MaxBlockSize)
                {
                    if (rule.MissingField >= 0)
                        PairsWithMissing(block, rule.MissingField, records, local);
                    else
                        AllPairs(block, records, local);
                    continue;
                }
                Interlocked.Increment(ref capped);
                Interlocked.Add(ref cappedRecords, length);
                if (rule.SortField >= 0)
                    WindowPairs(block.ToArray(), rule.SortField, rule.Window, records, local);
            }
            return local;
        }, results.Add);
        var pairs = new long[results.Sum(r => r.Count)];
        var at = 0;
        foreach (var list in results)
        {
            list.CopyTo(pairs, at);
            at += list.Count;
        }
        return (pairs, new BlockingRuleStats(rule.Name, pairs.Length, blocks.Count, largest, (int)capped, cappedRecords, rule.SortField < 0 && capped > 0));
    }

    private void AllPairs(ReadOnlySpan<int> block, IReadOnlyList<RecordFeatures> records, List<long> into)
    {
        for (var i = 0; i < block.Length; i++)
        {
            var a = records[block[i]];
            for (var j = i + 1; j < block.Length; j++)
            {
                if (block[i] != block[j] && Admissible(a, records[block[j]]))
                    into.Add(CandidatePairs.Pack(block[i], block[j]));
            }
        }
    }

    /// <summary>Pairs of a block in which at least one record lacks the field: its size times its missing records, not its square.</summary>
    private void PairsWithMissing(ReadOnlySpan<int> block, int field, IReadOnlyList<RecordFeatures> records, List<long> into)
    {
        for (var i = 0; i < block.Length; i++)
        {
            var a = records[block[i]];
            if (a.Fields[field] is not null)
                continue;
            for (var j = 0; j < block.Length; j++)
            {
                var b = records[block[j]];
                // Two records both missing the field are paired once, from the earlier.
                if (block[i] == block[j] || (b.Fields[field] is null && j < i) || !Admissible(a, b))
                    continue;
                into.Add(CandidatePairs.Pack(block[i], block[j]));
            }
        }
    }

    private void WindowPairs(int[] block, int sortField, int window, IReadOnlyList<RecordFeatures> records, List<long> into)
    {
        var sortKeys = new (string Text, int Record)[block.Length];
        for (var i = 0; i < block.Length; i++)
            sortKeys[i] = (records[block[i]].Fields[sortField]?.Text ?? "", block[i]);
        Array.Sort(sortKeys, block, Comparer<(string Text, int Record)>.Create((x, y) =>
            string.CompareOrdinal(x.Text, y.Text) is var c and not 0 ? c : x.Record.CompareTo(y.Record)));
        for (var i = 0; i < block.Length; i++)
        {
            var a = records[block[i]];
            for (var j = i + 1; j < Math.Min(block.Length, i + 1 + window); j++)
            {
                if (block[i] != block[j] && Admissible(a, records[block[j]]))
                    into.Add(CandidatePairs.Pack(block[i], block[j]));
            }
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }
}
