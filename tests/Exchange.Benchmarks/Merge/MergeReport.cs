using System.Globalization;

namespace Exchange.Benchmarks.Merge;

/// <summary>The benchmark's findings and the table that shows them against the target.</summary>
internal sealed class MergeReport(MergeArguments arguments, RecordMix mix) : IBenchmarkReport
{
    public const double Target = 0.25;

    public PhaseResult? Append { get; set; }

    public PhaseResult? Merge { get; set; }

    /// <summary>The COPY ceiling's runs; the fastest is the ceiling.</summary>
    public List<PhaseResult> CopyRuns { get; } = [];

    public IReadOnlyList<(string Table, long Rows)> Rows { get; set; } = [];

    public MergeProfileResult? Profile { get; set; }

    public double ProfilePeakMb { get; set; }

    public ModelChangeResult? ModelChange { get; set; }

    /// <summary>Fails when the merged index is not what the records make: every version kept and linked, one subject per person, one record in force per source record.</summary>
    public void Check(IndexRows rows)
    {
        var expected = new (string Table, long Rows)[]
        {
            ("subjects", mix.People), ("record_envelope", mix.Records), ("subject_keys", mix.People), ("links", mix.Records),
            ("current_records", mix.SourceRecords), ("index_changes", mix.Records + mix.People),
        };
        foreach (var (table, count) in expected)
        {
            var found = rows.Counts.Single(c => c.Table == table).Rows;
            // Keyless records the resolver judges between the thresholds open reviews, each with its change event.
            if (found != count && !(mix.Keyless && table == "index_changes" && found > count))
                throw new InvalidOperationException($"The merged index holds {found} rows in {table}, not {count}.");
        }
    }

    public void Print(TextWriter output)
    {
        var n = arguments.Records;
        var merge = Merge!;
        var copy = CopyRuns.MinBy(c => c.Elapsed)!;
        var profile = Profile!;
        var rows = Rows.Sum(r => r.Rows);
        var mergeRate = n / merge.Elapsed.TotalSeconds;
        var copyRate = n / copy.Elapsed.TotalSeconds;
        var share = mergeRate / copyRate;
        void Line(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

        output.WriteLine();
        Line($"Merge benchmark: {n:N0} records ({mix.Graduates:N0} graduates, {mix.Certifications:N0} certifications, {mix.Placements:N0} placements, {mix.SecondVersions:N0} {(mix.Keyless ? "keyless alumni-office records" : "second versions")} of a graduate) of {mix.People:N0} people; {Environment.ProcessorCount} CPUs");
        Line($"Index rows: {string.Join(", ", Rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Table} {r.Rows:N0}")))}; {rows:N0} in all");
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-48} {1,10} {2,8} {3,10} {4,10} {5,10} {6,8}",
            "path", "records", "seconds", "records/s", "rows/s", "of ceiling", "peak MB"));
        Line($"{new string('-', 48)} {new string('-', 10)} {new string('-', 8)} {new string('-', 10)} {new string('-', 10)} {new string('-', 10)} {new string('-', 8)}");
        Line($"{"(a) merger: MergerHost, embedded log, batches",-48} {n,10:N0} {merge.Elapsed.TotalSeconds,8:N1} {mergeRate,10:N0} {rows / merge.Elapsed.TotalSeconds,10:N0} {share,10:P1} {merge.PeakMb,8:N0}");
        Line($"{"(b) ceiling: Npgsql binary COPY, same tables",-48} {n,10:N0} {copy.Elapsed.TotalSeconds,8:N1} {copyRate,10:N0} {rows / copy.Elapsed.TotalSeconds,10:N0} {"100 %",10} {copy.PeakMb,8:N0}");
        Line($"    (the faster of {CopyRuns.Count} COPY runs: {string.Join(" s and ", CopyRuns.Select(c => c.Elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)))} s)");
        output.WriteLine();
        Line($"Target: merge >= {Target:P0} of COPY: {share:P1}  {(share >= Target ? "PASS" : "MISSED")}");
        output.WriteLine();
        var copyPeak = CopyRuns.Max(c => c.PeakMb);
        Line($"Peak memory of this process (VmHWM, per phase): sealing and appending {Append!.PeakMb:N0} MB, merge {merge.PeakMb:N0} MB, COPY (rows held in memory) {copyPeak:N0} MB, profile {ProfilePeakMb:N0} MB; highest {new[] { Append.PeakMb, merge.PeakMb, copyPeak, ProfilePeakMb }.Max():N0} MB");
        Line($"CPU seconds: merge: this process {merge.ProcessCpuSeconds:N1}, PostgreSQL {merge.PostgresCpuSeconds:N1} in {merge.Elapsed.TotalSeconds:N1} s = {(merge.ProcessCpuSeconds + merge.PostgresCpuSeconds) / merge.Elapsed.TotalSeconds:N2} CPUs busy; COPY: this process {copy.ProcessCpuSeconds:N1}, PostgreSQL {copy.PostgresCpuSeconds:N1} in {copy.Elapsed.TotalSeconds:N1} s = {(copy.ProcessCpuSeconds + copy.PostgresCpuSeconds) / copy.Elapsed.TotalSeconds:N2} CPUs busy");
        Line($"(Sealing and appending the records to the log took {Append.Elapsed.TotalSeconds:N1} s and is not timed.)");
        output.WriteLine();
        var change = ModelChange!;
        Line($"(c) model change: {change.Graduates:N0} graduates in force read again under another model in {change.Elapsed.TotalSeconds:N1} s = {change.Graduates / change.Elapsed.TotalSeconds:N0} graduates/s");
        output.WriteLine();

        var merged = profile.Records;
        var commands = profile.Statements.Where(s => s.Database == "merge_profile").ToList();
        var inCommands = TimeSpan.FromTicks(commands.Sum(s => s.Total.Ticks));
        Line($"Profile: the batch path (consume 500, read envelopes, Merger.MergeAsync, commit offsets) on {merged:N0} records in {profile.Batches:N0} batches, {profile.Elapsed.TotalSeconds:N1} s = {merged / profile.Elapsed.TotalSeconds:N0} records/s, commands traced");
        Step("consume (embedded log fetch)", profile.Consume);
        Step("read envelopes (CloudEvents headers, JSON)", profile.Decode);
        Step("Merger.MergeAsync", profile.Merge);
        Step("commit offsets", profile.Commit);
        Line($"  one round trip (select 1): {profile.RoundTrip.TotalMicroseconds:N0} µs");
        Line($"  MergeAsync sent {commands.Sum(s => s.Count):N0} commands (round trips; commits not counted), {commands.Sum(s => s.Count) / (double)merged:N2} per record, {commands.Sum(s => s.Count) / (double)Math.Max(1, profile.Batches):N0} per batch; {inCommands.TotalSeconds:N1} s of its {profile.Merge.TotalSeconds:N1} s inside them");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-14} {1,-74} {2,9} {3,8} {4,8} {5,8}", "database", "command (its first statement)", "count", "/record", "total s", "mean µs"));
        foreach (var statement in profile.Statements.Take(16))
            Line($"  {statement.Database,-14} {statement.Statement,-74} {statement.Count,9:N0} {statement.Count / (double)merged,8:N2} {statement.Total.TotalSeconds,8:N2} {statement.Total.TotalMicroseconds / statement.Count,8:N0}");

        void Step(string name, TimeSpan time) =>
            Line($"  {name,-44} {time.TotalSeconds,7:N1} s  {time / profile.Elapsed,6:P1}");
    }
}
