using System.Text;
using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Ingest;
using Exchange.Adapters.Pull;
using Exchange.Core.Model;
using Exchange.Log;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

[Collection(PostgresCollection.Name)]
public sealed class DropFolderAdapterTests(PostgresFixture postgres)
{
    static DropFolderAdapterTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string University = "12100000400000624D";

    [Fact]
    public async Task Moves_a_handled_file_to_processed_and_writes_the_error_report_beside_it()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        using var folder = new TempFolder("adapters-drop");
        var csv = CsvRecordReaderTests.PinyinCsv
            + "2201210346,王强,男,2003-13-01,410102200304120222,4111010001,410102,21,120203K,会计学,2022/9/1,2026.06.30,2026,,\r\n"
            + "2201210347,刘芳,女,20030412,410102200304120220,4111010001,410102,21,120203K,会计学,2022/9/1,2026.06.30,2026,,\r\n";
        await File.WriteAllBytesAsync(folder.Combine("students.csv"), Encoding.GetEncoding("GBK").GetBytes(csv));
        await File.WriteAllTextAsync(folder.Combine("students.csv.done"), "");
        var adapter = Adapter(harness, folder.Path);

        var round = await adapter.RunOnceAsync(TestTimeout.Token());

        Assert.Equal((1, 1, 2), (round.Fetched, round.Accepted, round.Rejected));
        Assert.False(File.Exists(folder.Combine("students.csv")));
        Assert.False(File.Exists(folder.Combine("students.csv.done")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "processed", "students.csv")));
        var report = await File.ReadAllLinesAsync(Path.Combine(folder.Path, "processed", "students.errors.csv"), Encoding.UTF8);
        Assert.Equal(RejectedRecordsReport.Header, report[0]);
        Assert.Contains(report, l => l.StartsWith("3,CSRQ,", StringComparison.Ordinal) && l.Contains(",csv.bad-date,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("4,SFZJH,", StringComparison.Ordinal) && l.Contains(",resident-id.check-character,", StringComparison.Ordinal));
        Assert.DoesNotContain(report, l => l.Contains("410102200304120220", StringComparison.Ordinal));
        Assert.Equal(1, await harness.CountAsync(RecordKind.Graduate));
        Assert.Equal(2, await harness.CountAsync(Topics.DeadLetter));
    }

    [Fact]
    public async Task An_unreadable_file_goes_to_failed_with_the_reason()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        using var folder = new TempFolder("adapters-drop");
        await File.WriteAllBytesAsync(folder.Combine("broken.csv"), [0x78, 0x68, 0x0A, 0x81, 0x20, 0x0A]);
        await File.WriteAllTextAsync(folder.Combine("broken.csv.done"), "");

        var round = await Adapter(harness, folder.Path).RunOnceAsync(TestTimeout.Token());

        Assert.Equal(0, round.Fetched);
        Assert.True(File.Exists(Path.Combine(folder.Path, "failed", "broken.csv")));
        var report = await File.ReadAllLinesAsync(Path.Combine(folder.Path, "failed", "broken.errors.csv"));
        Assert.StartsWith("0,,,csv.encoding,", report[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_a_marker_is_taken_only_once_its_size_and_time_stop_changing()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        using var folder = new TempFolder("adapters-drop");
        var path = folder.Combine("growing.csv");
        await File.WriteAllTextAsync(path, "XH,XM\n");
        var adapter = Adapter(harness, folder.Path);

        var first = await adapter.RunOnceAsync(TestTimeout.Token());
        await File.AppendAllTextAsync(path, CsvRecordReaderTests.PinyinCsv.Split("\r\n")[1]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        var second = await adapter.RunOnceAsync(TestTimeout.Token());
        var third = await adapter.RunOnceAsync(TestTimeout.Token());

        Assert.Equal((0, 0, 1), (first.Fetched, second.Fetched, third.Fetched));
        Assert.True(File.Exists(Path.Combine(folder.Path, "processed", "growing.csv")));
    }

    [Fact]
    public async Task Dropping_the_same_file_again_appends_nothing_twice()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        using var folder = new TempFolder("adapters-drop");
        var adapter = Adapter(harness, folder.Path);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await File.WriteAllBytesAsync(folder.Combine("again.csv"), Encoding.GetEncoding("GBK").GetBytes(CsvRecordReaderTests.PinyinCsv));
            await File.WriteAllTextAsync(folder.Combine("again.csv.done"), "");
            await adapter.RunOnceAsync(TestTimeout.Token());
        }

        Assert.Equal(1, await harness.CountAsync(RecordKind.Graduate));
        Assert.False(File.Exists(Path.Combine(folder.Path, "processed", "again.errors.csv")));
    }

    private static DropFolderAdapter Adapter(IngestHarness harness, string folder) => new(
        new DropFolderOptions { Name = "drop-test", Folder = folder, SourceOrganisation = University, Kind = RecordKind.Graduate },
        new CsvRecordReader(MappingProfileCatalog.Load()),
        harness.Pipeline,
        harness.Logger);
}
