using System.Globalization;

namespace Exchange.Benchmarks.Ingest;

/// <summary>The benchmark's findings and the table that shows them against the targets.</summary>
internal sealed class IngestReport(IngestArguments arguments) : IBenchmarkReport
{
    public const double EmbeddedTarget = 0.30;
    public const double KafkaTarget = 0.15;
    public const double MemoryTargetMb = 400;

    public long Bytes { get; set; }

    public List<StageHints.Hint> Hints { get; } = [];

    public HubRunResult? Embedded { get; set; }

    public TimeSpan Copy { get; set; }

    public HubRunResult? Kafka { get; set; }

    public TimeSpan Producer { get; set; }

    public void Print(TextWriter output)
    {
        var n = arguments.Records;
        var copyRate = n / Copy.TotalSeconds;
        var producerRate = n / Producer.TotalSeconds;
        var embedded = Embedded!;
        var kafka = Kafka!;
        void Line(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

        output.WriteLine();
        Line($"Ingest benchmark: {n:N0} graduate records, {Bytes / 1048576.0:N1} MB of NDJSON ({Bytes / (double)n:N0} B/record), {arguments.BatchSize:N0} records/request, {arguments.Senders} concurrent senders, {Environment.ProcessorCount} CPUs");
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,10} {2,8} {3,10} {4,10} {5,12} {6,11}",
            "path", "records", "seconds", "records/s", "of ceiling", "hub VmHWM MB", "peak RSS MB"));
        Line($"{new string('-', 44)} {new string('-', 10)} {new string('-', 8)} {new string('-', 10)} {new string('-', 10)} {new string('-', 12)} {new string('-', 11)}");
        Line($"{"(a) hub, embedded log (HTTP NDJSON)",-44} {n,10:N0} {embedded.Elapsed.TotalSeconds,8:N1} {embedded.RecordsPerSecond,10:N0} {embedded.RecordsPerSecond / copyRate,10:P1} {embedded.HighWaterMarkMb,12:N0} {embedded.PeakRssMb,11:N0}");
        Line($"{"    ceiling: psql \\copy, same PostgreSQL",-44} {n,10:N0} {Copy.TotalSeconds,8:N1} {copyRate,10:N0} {"100 %",10} {"",12} {"",11}");
        Line($"{"(b) hub, Kafka mock x3 (HTTP NDJSON)",-44} {n,10:N0} {kafka.Elapsed.TotalSeconds,8:N1} {kafka.RecordsPerSecond,10:N0} {kafka.RecordsPerSecond / producerRate,10:P1} {kafka.HighWaterMarkMb,12:N0} {kafka.PeakRssMb,11:N0}");
        Line($"{"    ceiling: bare producer, same brokers",-44} {n,10:N0} {Producer.TotalSeconds,8:N1} {producerRate,10:N0} {"100 %",10} {"",12} {"",11}");
        output.WriteLine();
        output.WriteLine("The Kafka-mode hub's memory includes the three mock brokers, which live inside the hub process and hold every");
        output.WriteLine("message in memory; the bare producer sent to those same brokers while that hub was idle (after its run).");
        output.WriteLine("VmHWM is the kernel's peak resident set of the hub process since it started; peak RSS is the highest 100 ms sample.");
        Line($"Hub RSS when idle before streaming: embedded {embedded.IdleRssMb:N0} MB, Kafka {kafka.IdleRssMb:N0} MB.");
        output.WriteLine();
        output.WriteLine("Targets:");
        Target($"embedded >= {EmbeddedTarget:P0} of \\copy", embedded.RecordsPerSecond / copyRate, EmbeddedTarget);
        Target($"Kafka >= {KafkaTarget:P0} of bare producer", kafka.RecordsPerSecond / producerRate, KafkaTarget);
        Memory("hub memory < 400 MB while streaming, embedded", embedded.HighWaterMarkMb);
        Memory("hub memory < 400 MB while streaming, Kafka (brokers included)", kafka.HighWaterMarkMb);
        output.WriteLine();
        output.WriteLine("Where the time went (CPU seconds during streaming; the machine has " + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " CPUs):");
        Cpu("embedded", embedded);
        Cpu("Kafka", kafka);
        output.WriteLine();
        Line($"Stage hints ({arguments.HintRecords:N0} records, measured in the benchmark process before the hubs ran):");
        foreach (var hint in Hints)
            Line($"  {hint.Stage,-66} {hint.RecordsPerSecond,10:N0} records/s  {hint.CpusBusy,4:N2} CPUs busy");

        void Target(string name, double share, double target) =>
            Line($"  {name,-62} {share,8:P1}  {(share >= target ? "met" : "MISSED")}");
        void Memory(string name, double mb) =>
            Line($"  {name,-62} {mb,6:N0} MB  {(mb < MemoryTargetMb ? "met" : "MISSED")}");
        void Cpu(string name, HubRunResult run) =>
            Line($"  {name,-9} wall {run.Elapsed.TotalSeconds,6:N1} s: hub {run.HubCpuSeconds,6:N1} s, PostgreSQL {run.PostgresCpuSeconds,6:N1} s, senders (this process) {run.SenderCpuSeconds,6:N1} s  = {(run.HubCpuSeconds + run.PostgresCpuSeconds + run.SenderCpuSeconds) / run.Elapsed.TotalSeconds,4:N2} CPUs busy");
    }
}
