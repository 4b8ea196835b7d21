using System.Globalization;

namespace Exchange.Benchmarks.BadInput;

/// <summary>The hub's memory after one round, from /proc.</summary>
internal sealed record RoundMemory(int Round, double RssMib, double AnonymousMib, double HighWaterMarkMib, MemoryMap Map, TimeSpan Elapsed);

/// <summary>What one request of the mix was answered, on the first round and the last.</summary>
internal sealed record RequestAnswer(string Name, long Bytes, int Status, string Summary);

/// <summary>The bad-input benchmark's findings: the memory table, the answers, and the verdict.</summary>
internal sealed class BadInputReport(BadInputArguments arguments, double idleRssMib) : IBenchmarkReport
{
    // The verdict compares the mean RSS of the first and the last rounds after warm-up, not two
    // single samples: whether the GC has yet given back the regions of the last large body moves
    // one sample 100 MiB or more from the next, while memory that is lost raises every sample.
    private const double FlatShare = 0.10;

    public List<RoundMemory> Rounds { get; } = [];

    public List<RequestAnswer> FirstAnswers { get; } = [];

    public List<RequestAnswer> LastAnswers { get; } = [];

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"Bad input and memory: {arguments.Rounds} rounds, warm-up {arguments.WarmUp}"));
        if (arguments.HubEnvironment.Count > 0)
            output.WriteLine($"Hub environment: {string.Join(' ', arguments.HubEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        output.WriteLine();
        output.WriteLine("| request | bytes | round 1 | last round |");
        output.WriteLine("| --- | ---: | --- | --- |");
        for (var i = 0; i < FirstAnswers.Count; i++)
        {
            var first = FirstAnswers[i];
            var lastAnswer = LastAnswers.ElementAtOrDefault(i);
            output.WriteLine(string.Create(c, $"| {first.Name} | {first.Bytes:N0} | {first.Status} {first.Summary} | {lastAnswer?.Status} {lastAnswer?.Summary} |"));
        }
        output.WriteLine();
        output.WriteLine(string.Create(c, $"Idle after start-up: RSS {idleRssMib:N0} MiB"));
        output.WriteLine("| round | RSS MiB | anonymous MiB | GC heap | malloc | other anonymous | JIT code | HWM MiB | round s |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var round in Rounds.Where(r => r.Round == 1 || r.Round % arguments.Every == 0 || r.Round == arguments.WarmUp || r.Round == arguments.Rounds))
            output.WriteLine(string.Create(c, $"| {round.Round} | {round.RssMib:N0} | {round.AnonymousMib:N0} | {round.Map.GcHeapMib:N0} | {round.Map.MallocMib:N0} | {round.Map.OtherAnonymousMib:N0} | {round.Map.JitCodeMib:N0} | {round.HighWaterMarkMib:N0} | {round.Elapsed.TotalSeconds:N1} |"));

        output.WriteLine();
        output.WriteLine("RSS MiB of every round: " + string.Join(' ', Rounds.Select(r => r.RssMib.ToString("0", c))));
        output.WriteLine("GC heap MiB of every round: " + string.Join(' ', Rounds.Select(r => r.Map.GcHeapMib.ToString("0", c))));
        output.WriteLine("Seconds of every round: " + string.Join(' ', Rounds.Select(r => r.Elapsed.TotalSeconds.ToString("0.0", c))));
        output.WriteLine("malloc MiB of every round: " + string.Join(' ', Rounds.Select(r => r.Map.MallocMib.ToString("0", c))));

        var warm = Rounds.Single(r => r.Round == arguments.WarmUp);
        var last = Rounds[^1];
        var growth = last.RssMib - warm.RssMib;
        var firstWindow = Rounds.Where(r => r.Round > arguments.WarmUp).Take(arguments.Every).ToList();
        var lastWindow = Rounds.TakeLast(Math.Min(arguments.Every, firstWindow.Count)).ToList();
        var firstMean = firstWindow.Average(r => r.RssMib);
        var lastMean = lastWindow.Average(r => r.RssMib);
        var flat = lastMean - firstMean <= FlatShare * firstMean;
        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"RSS round {warm.Round}: {warm.RssMib:N0} MiB; round {last.Round}: {last.RssMib:N0} MiB; growth {growth:+0;-0;0} MiB; "
            + $"HWM round {warm.Round}: {warm.HighWaterMarkMib:N0} MiB, round {last.Round}: {last.HighWaterMarkMib:N0} MiB."));
        output.WriteLine(string.Create(c,
            $"Mean RSS of rounds {firstWindow[0].Round}-{firstWindow[^1].Round}: {firstMean:N0} MiB (highest {firstWindow.Max(r => r.RssMib):N0}); "
            + $"of rounds {lastWindow[0].Round}-{lastWindow[^1].Round}: {lastMean:N0} MiB (highest {lastWindow.Max(r => r.RssMib):N0}); "
            + $"trend after warm-up {SlopePerRound(Rounds.Where(r => r.Round >= arguments.WarmUp).ToList(), r => r.RssMib) * 10:+0.0;-0.0;0.0} MiB per 10 rounds."));
        // Where a rise is: each part's trend and its means over the same two windows as RSS.
        var parts = new (string Name, Func<RoundMemory, double> Size)[]
        {
            ("GC heap", r => r.Map.GcHeapMib), ("malloc arenas", r => r.Map.MallocMib),
            ("other anonymous", r => r.Map.OtherAnonymousMib), ("JIT code", r => r.Map.JitCodeMib),
            ("files and shared", r => r.RssMib - r.AnonymousMib),
        };
        output.WriteLine("Per 10 rounds after warm-up, and mean of the same two windows: " + string.Join("; ", parts.Select(p => string.Create(c,
            $"{p.Name} {SlopePerRound(Rounds.Where(r => r.Round >= arguments.WarmUp).ToList(), p.Size) * 10:+0.0;-0.0;0.0} MiB ({firstWindow.Average(p.Size):N0} → {lastWindow.Average(p.Size):N0})"))) + ".");
        output.WriteLine(flat
            ? string.Create(c, $"Verdict: flat after warm-up (the last rounds' mean RSS within {FlatShare:P0} of the first rounds' after warm-up).")
            : string.Create(c, $"Verdict: GROWS after warm-up (the last rounds' mean RSS more than {FlatShare:P0} above the first rounds' after warm-up)."));
    }

    // Least squares over the rounds after warm-up: one late sample caught mid-collection moves it little.
    private static double SlopePerRound(IReadOnlyList<RoundMemory> rounds, Func<RoundMemory, double> size)
    {
        var meanX = rounds.Average(r => (double)r.Round);
        var meanY = rounds.Average(size);
        var covariance = rounds.Sum(r => (r.Round - meanX) * (size(r) - meanY));
        var variance = rounds.Sum(r => (r.Round - meanX) * (r.Round - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }
}
