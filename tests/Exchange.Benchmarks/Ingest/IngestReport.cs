using System.Globalization;

namespace Exchange.Benchmarks.Ingest;

/// <summary>The benchmark's findings and the table that shows them against the targets.</summary>
internal sealed class IngestReport(IngestArguments arguments) : IBenchmarkReport
{
    public const double EmbeddedTarget = 0.30;
    public const double KafkaTarget = 0.15;
    public const double MemoryTargetMb = 400;
    public const double HubCpuTargetMicroseconds = 30;

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
        output.WriteLine(arguments.Merging
            ? "The hub merges alongside its door, as it runs by default: its CPU and PostgreSQL's include the merger's work (--merge off measures the door alone)."
            : "The hub does not merge (Exchange:Index:Merger:Enabled=false): the door alone, the records left in the log for a merger.");
        output.WriteLine(arguments.WarmUpRecords > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Each hub first took {arguments.WarmUpRecords:N0} other records, not measured: the figures are of a warmed hub, its code compiled.")
            : "The hubs start cold: their figures include the runtime compiling the hub's code as the first records arrive (--warm-up N to leave that out).");
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-44} {1,10} {2,8} {3,10} {4,10} {5,12} {6,11}",
            "path", "records", "seconds", "records/s", "of ceiling", "hub VmHWM MB", "peak RSS MB"));
        Line($"{new string('-', 44)} {new string('-', 10)} {new string('-', 8)} {new string('-', 10)} {new string('-', 10)} {new string('-', 12)} {new string('-', 11)}");
        Line($"{"(a) hub, embedded log (HTTP NDJSON)",-44} {n,10:N0} {embedded.Elapsed.TotalSeconds,8:N1} {embedded.RecordsPerSecond,10:N0} {embedded.RecordsPerSecond / copyRate,10:P1} {embedded.HighWaterMarkMb,12:N0} {embedded.PeakRssMb,11:N0}");
        Line($"{"    ceiling: psql \\copy, same PostgreSQL",-44} {n,10:N0} {Copy.TotalSeconds,8:N1} {copyRate,10:N0} {"100 %",10} {"",12} {"",11}");
        Line($"{"(b) hub, Kafka, mock x3 apart (HTTP NDJSON)",-44} {n,10:N0} {kafka.Elapsed.TotalSeconds,8:N1} {kafka.RecordsPerSecond,10:N0} {kafka.RecordsPerSecond / producerRate,10:P1} {kafka.HighWaterMarkMb,12:N0} {kafka.PeakRssMb,11:N0}");
        Line($"{"    ceiling: bare producer, same brokers",-44} {n,10:N0} {Producer.TotalSeconds,8:N1} {producerRate,10:N0} {"100 %",10} {"",12} {"",11}");
        output.WriteLine();
        Line($"The three mock brokers run in a process of their own and hold every message in memory: {kafka.BrokerHighWaterMarkMb:N0} MB (VmHWM) by the");
        output.WriteLine("end of the hub's run, not counted as the hub's. The bare producer sent to those same brokers after the hub stopped.");
        output.WriteLine("VmHWM is the kernel's peak resident set of the hub process since it started; peak RSS is the highest 100 ms sample.");
        Line($"Hub RSS when idle before streaming: embedded {embedded.IdleRssMb:N0} MB, Kafka {kafka.IdleRssMb:N0} MB.");
        output.WriteLine();
        output.WriteLine("Targets:");
        Target($"embedded >= {EmbeddedTarget:P0} of \\copy", embedded.RecordsPerSecond / copyRate, EmbeddedTarget);
        Target($"Kafka >= {KafkaTarget:P0} of bare producer", kafka.RecordsPerSecond / producerRate, KafkaTarget);
        Memory("hub memory < 400 MB while streaming, embedded", embedded.HighWaterMarkMb);
        Memory("hub memory < 400 MB while streaming, Kafka", kafka.HighWaterMarkMb);
        CpuPerRecord("hub CPU <= 30 µs per record, embedded", embedded.HubCpuSeconds * 1e6 / n);
        CpuPerRecord("hub CPU <= 30 µs per record, Kafka", kafka.HubCpuSeconds * 1e6 / n);
        output.WriteLine();
        output.WriteLine("Where the time went (CPU seconds during streaming; the machine has " + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " CPUs):");
        Cpu("embedded", embedded, brokers: false);
        Cpu("Kafka", kafka, brokers: true);
        output.WriteLine();
        Line($"Stage hints ({arguments.HintRecords:N0} records, measured in the benchmark process before the hubs ran):");
        foreach (var hint in Hints)
            Line($"  {hint.Stage,-66} {hint.RecordsPerSecond,10:N0} records/s  {hint.CpusBusy,4:N2} CPUs busy");

        void Target(string name, double share, double target) =>
            Line($"  {name,-62} {share,8:P1}  {(share >= target ? "met" : "MISSED")}");
        void Memory(string name, double mb) =>
            Line($"  {name,-62} {mb,6:N0} MB  {(mb < MemoryTargetMb ? "met" : "MISSED")}");
        void CpuPerRecord(string name, double microseconds) =>
            Line($"  {name,-62} {microseconds,6:N1} µs  {(microseconds <= HubCpuTargetMicroseconds ? "met" : "MISSED")}");
        void Cpu(string name, HubRunResult run, bool brokers) =>
            Line($"  {name,-9} wall {run.Elapsed.TotalSeconds,6:N1} s: hub {run.HubCpuSeconds,6:N1} s ({run.HubCpuSeconds * 1e6 / n,5:N1} µs/record), PostgreSQL {run.PostgresCpuSeconds,6:N1} s, senders (this process) {run.SenderCpuSeconds,6:N1} s{(brokers ? $", brokers {run.BrokerCpuSeconds,6:N1} s" : "")}  = {(run.HubCpuSeconds + run.PostgresCpuSeconds + run.SenderCpuSeconds + run.BrokerCpuSeconds) / run.Elapsed.TotalSeconds,4:N2} CPUs busy");
    }
}
