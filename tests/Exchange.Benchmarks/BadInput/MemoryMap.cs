using System.Globalization;

namespace Exchange.Benchmarks.BadInput;

/// <summary>
/// A process's private anonymous memory split by who mapped it, read from /proc/&lt;pid&gt;/smaps:
/// the GC's heap, glibc's malloc arenas, the rest (thread stacks, the runtime's loader heaps and
/// the GC's bookkeeping); and the resident JIT code. Sizes in MiB.
/// </summary>
/// <remarks>
/// The mappings carry no owner, so they are told apart by shape. The GC reserves one range of
/// hundreds of GiB at start-up and commits its regions inside it, so the GC's memory is every
/// anonymous mapping in a run of adjacent anonymous mappings that spans 16 GiB or more. glibc
/// reserves each malloc arena other than the main one as 64 MiB aligned to 64 MiB (HEAP_MAX_SIZE
/// on 64-bit), and the main arena is [heap]. The runtime maps executable memory twice from one
/// memfd, named /memfd:doublemapper, so JIT code is counted once, by its executable view.
/// </remarks>
internal sealed record MemoryMap(double GcHeapMib, double MallocMib, double OtherAnonymousMib, double JitCodeMib)
{
    private const long GcReserveAtLeast = 16L << 30;
    private const long MallocArenaSize = 64L << 20;

    public static MemoryMap Read(int pid)
    {
        List<Mapping> mappings;
        try
        {
            mappings = Parse(File.ReadLines($"/proc/{pid}/smaps"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new MemoryMap(0, 0, 0, 0);
        }

        long gc = 0, malloc = 0, other = 0, code = 0;
        var arenaBlocks = ArenaBlocks(mappings);
        foreach (var run in AnonymousRuns(mappings))
        {
            if (run[^1].End - run[0].Start >= GcReserveAtLeast)
                gc += run.Sum(m => m.AnonymousKb);
            else
            {
                foreach (var mapping in run)
                {
                    if (arenaBlocks.Contains(BlockOf(mapping)))
                        malloc += mapping.AnonymousKb;
                    else
                        other += mapping.AnonymousKb;
                }
            }
        }
        foreach (var mapping in mappings)
        {
            if (mapping.Path == "[heap]")
                malloc += mapping.AnonymousKb;
            else if (mapping.Path.StartsWith("/memfd:doublemapper", StringComparison.Ordinal) && mapping.Permissions.Contains('x', StringComparison.Ordinal))
                code += mapping.RssKb;
        }
        return new MemoryMap(gc / 1024.0, malloc / 1024.0, other / 1024.0, code / 1024.0);
    }

    // Arenas lie next to thread stacks and to each other, so they are found by block: a 64 MiB
    // block, aligned to 64 MiB, covered exactly by unnamed mappings (the arena's used part and
    // the rest it reserves). Stacks and large blocks glibc maps on their own rarely fill one.
    private static HashSet<long> ArenaBlocks(List<Mapping> mappings) =>
        mappings.Where(m => m.Path.Length == 0 && m.End <= BlockOf(m) + MallocArenaSize)
            .GroupBy(BlockOf)
            .Where(block => block.Any(m => m.Start == block.Key) && block.Sum(m => m.End - m.Start) == MallocArenaSize)
            .Select(block => block.Key)
            .ToHashSet();

    private static long BlockOf(Mapping mapping) => mapping.Start - (mapping.Start % MallocArenaSize);

    // Adjacent mappings with no name: one reservation split by the protections later set on its parts.
    private static IEnumerable<List<Mapping>> AnonymousRuns(List<Mapping> mappings)
    {
        List<Mapping>? run = null;
        foreach (var mapping in mappings)
        {
            if (mapping.Path.Length != 0)
            {
                if (run is not null)
                    yield return run;
                run = null;
                continue;
            }
            if (run is not null && run[^1].End != mapping.Start)
            {
                yield return run;
                run = null;
            }
            (run ??= []).Add(mapping);
        }
        if (run is not null)
            yield return run;
    }

    private static List<Mapping> Parse(IEnumerable<string> lines)
    {
        var mappings = new List<Mapping>();
        Mapping? current = null;
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            // A header starts with the address range; a field line with its name and a colon.
            if (dash > 0 && (colon < 0 || dash < colon))
            {
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                current = new Mapping(
                    long.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    long.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    fields[1], fields.Length > 5 ? fields[5].Trim() : "");
                mappings.Add(current);
            }
            else if (current is not null && line.StartsWith("Rss:", StringComparison.Ordinal))
                current.RssKb = Kb(line);
            else if (current is not null && line.StartsWith("Anonymous:", StringComparison.Ordinal))
                current.AnonymousKb = Kb(line);
        }
        return mappings;
    }

    private static long Kb(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);

    private sealed class Mapping(long start, long end, string permissions, string path)
    {
        public long Start { get; } = start;
        public long End { get; } = end;
        public string Permissions { get; } = permissions;
        public string Path { get; } = path;
        public long RssKb { get; set; }
        public long AnonymousKb { get; set; }
    }
}
