using System.Globalization;
using System.Text;
using Exchange.Core.Identifiers;

namespace Exchange.Cli.Tests;

public sealed class ImportCsvStreamingTests : IDisposable
{
    static ImportCsvStreamingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Under /tmp: as root the embedded server runs as the postgres user, who must reach the folder.
    private readonly string _folder = Path.Combine("/tmp", $"exchange-cli-csv-{Guid.NewGuid():N}");

    public ImportCsvStreamingTests() => Directory.CreateDirectory(_folder);

    private string Data => $"Exchange:Postgres:DataDirectory={_folder}/postgres";

    private const string Header = "xh,xm,xbm,csrq,sfzjh,xxdm,syszdm,zyh,zymc,xlccm,rxrq,byrq,sjh,mzm\r\n";

    // A resident id of its own per row: a birth date per row, an even sequence for a woman.
    private static string Row(int i, string name = "张晓雯", string? birth = null)
    {
        var born = new DateOnly(2000, 1, 1).AddDays(i);
        return string.Create(CultureInfo.InvariantCulture,
            $"22012{i:D5},{name},2,{birth ?? born.ToString("yyyyMMdd", CultureInfo.InvariantCulture)},{ResidentIdOf(i)},4111010001,410102,120203K,会计学,21,20220901,20260630,1380013{i:D4},01\r\n");
    }

    private static string ResidentIdOf(int i)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"410102{new DateOnly(2000, 1, 1).AddDays(i):yyyyMMdd}100");
        return first17 + ResidentId.ComputeCheckCharacter(first17);
    }

    [Fact]
    public async Task Import_of_a_GBK_CSV_answers_each_malformed_row_by_number_reads_the_rows_around_it_and_heads_the_report_with_the_header_warnings()
    {
        // Rows 2 to 1,202: two chunks of the pipeline.
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 1_201; i++)
        {
            csv.Append(i switch
            {
                300 => Row(i, name: "\"王五\"x"),
                1_100 => Row(i, birth: "20031345"),
                _ => Row(i),
            });
        }
        var path = Path.Combine(_folder, "graduates.csv");
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding("GBK").GetBytes(csv.ToString()));

        var (exit, output, error) = await CliRunner.RunAsync("import", path, "--kind", "graduate", "--setting", Data);

        Assert.True(exit == 1, $"exit {exit}: {error}{output}");
        Assert.Contains("read as gb18030 through mapping profile 'graduate'", output, StringComparison.Ordinal);
        Assert.Contains("warning csv.unknown-header The column 'mzm' is not in the mapping profile", output, StringComparison.Ordinal);
        Assert.Contains("graduates.csv (graduate): 1199 accepted, 0 duplicate, 2 rejected", output, StringComparison.Ordinal);
        var report = await File.ReadAllLinesAsync(path + ".rejected.csv", Encoding.UTF8);
        Assert.Equal("row,column,recordId,code,message,messageZh", report[0]);
        Assert.StartsWith("1,mzm,,csv.unknown-header,", report[1], StringComparison.Ordinal);
        Assert.Contains(report, l => l.StartsWith("302,", StringComparison.Ordinal) && l.Contains(",csv.malformed,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith("1102,csrq,", StringComparison.Ordinal) && l.Contains(",csv.bad-date,", StringComparison.Ordinal));
        Assert.DoesNotContain(ResidentIdOf(300), string.Join('\n', report) + output, StringComparison.Ordinal);
        Assert.DoesNotContain(ResidentIdOf(1_100), string.Join('\n', report) + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_CSV_with_header_warnings_and_no_rejected_row_writes_no_report()
    {
        var path = Path.Combine(_folder, "one.csv");
        await File.WriteAllTextAsync(path, Header + Row(1), Encoding.UTF8);

        var (exit, output, error) = await CliRunner.RunAsync("import", path, "--kind", "graduate", "--setting", Data);

        Assert.True(exit == 0, $"exit {exit}: {error}{output}");
        Assert.Contains("one.csv (graduate): 1 accepted, 0 duplicate, 0 rejected", output, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".rejected.csv"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
