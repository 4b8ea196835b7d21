using System.Text;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;
using Sylvan.Data.Csv;

namespace Exchange.Reporting.Tests.Writers;

public class CsvReportWriterTests
{
    private static Task<byte[]> WriteAsync(ReportLanguage language) =>
        SampleReport.WriteAsync(new CsvReportWriter(), SampleReport.Build(), language);

    /// <summary>Reads the file back with a real CSV parser, one string array per record.</summary>
    /// <remarks>By default Sylvan skips lines starting with <c>#</c> as comments; <paramref name="keepComments"/> reads them too.</remarks>
    private static List<string[]> Parse(byte[] bytes, bool keepComments = true)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var options = new CsvDataReaderOptions { HasHeaders = false, ResultSetMode = ResultSetMode.SingleResult, Delimiter = ',' };
        if (keepComments)
            options.Comment = '\0';
        using var csv = CsvDataReader.Create(reader, options);
        var records = new List<string[]>();
        while (csv.Read())
            records.Add([.. Enumerable.Range(0, csv.RowFieldCount).Select(csv.GetString)]);
        return records;
    }

    private static List<string[]> TableRows(List<string[]> records, string table) =>
        [.. records.Where(r => r.Length > 1 && r[0] == table)];

    [Fact]
    public async Task Starts_with_the_UTF8_byte_order_mark_and_ends_lines_with_CRLF()
    {
        var bytes = await WriteAsync(ReportLanguage.Zh);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        // Every line break is CRLF but those inside the tricky label, which is in three rows.
        Assert.Equal(3, text.Count(c => c == '\n') - text.Count(c => c == '\r'));
    }

    [Fact]
    public async Task A_label_with_comma_quote_and_line_break_survives_a_real_parser_with_its_formula_neutralised()
    {
        var records = Parse(await WriteAsync(ReportLanguage.Zh));

        var north = TableRows(records, "by-region").Single(r => r[1] == "440300" && r[3] == "all");
        Assert.Equal("'" + SampleReport.TrickyLabel.Zh, north[2]);
    }

    [Fact]
    public async Task Neutralises_text_a_spreadsheet_would_run_but_leaves_numbers_alone()
    {
        var text = Encoding.UTF8.GetString(await WriteAsync(ReportLanguage.En));

        Assert.Contains("\"'=North, \"\"new district\"\"\nphase 2\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_a_suppressed_value_as_an_empty_cell_with_a_machine_readable_status_in_both_languages()
    {
        foreach (var language in new[] { ReportLanguage.Zh, ReportLanguage.En })
        {
            var records = Parse(await WriteAsync(language));
            var westDisabled = TableRows(records, "by-region").Single(r => r[1] == "440200" && r[3] == "disability");

            // table, region code, region, group code, group, then value and status per measure
            Assert.Equal(["", "suppressed", "", "suppressed", "", "suppressed"], westDisabled[5..]);
            var northDisabled = TableRows(records, "by-region").Single(r => r[1] == "440300" && r[3] == "disability");
            Assert.Equal(["0", "shown", "", "not-applicable", "", "not-applicable"], northDisabled[5..]);
        }
    }

    [Fact]
    public async Task Writes_the_header_row_and_values_with_fixed_decimals()
    {
        var records = Parse(await WriteAsync(ReportLanguage.En));

        var header = records.Single(r => r[0] == "table" && r.Contains("Region code"));
        Assert.Equal(
            ["table", "Region code", "Region", "Group code", "Group", "Graduates", "Graduates status", "Share employed", "Share employed status", "Median days to a job", "Median days to a job status"],
            header);
        var total = TableRows(records, "by-region")[0];
        Assert.Equal(["1234", "shown", "0.9123", "shown", "35.46", "shown"], total[5..]);
        var satisfaction = TableRows(records, "satisfaction")[1];
        Assert.Equal(["satisfaction", "10558", "Sun Yat-sen University", "4.20", "shown", "1.02", "shown"], satisfaction);
    }

    [Fact]
    public async Task Opens_with_a_header_block_of_hash_rows_then_one_block_per_table()
    {
        var records = Parse(await WriteAsync(ReportLanguage.Zh));

        Assert.Equal(["# report", "outcomes"], records[0]);
        Assert.Equal(["# title", SampleReport.ZhTitle], records[1]);
        Assert.Contains(records, r => r is ["# computed-at", "2026-06-30T08:00:00+08:00"]);
        Assert.Contains(records, r => r is ["# parameter", "cohort", "2025"]);
        Assert.Contains(records, r => r is ["# basis", "subjects-counted", "1234", "subjects-left-out", "17"]);
        Assert.Contains(records, r => r is ["# disclosure", "threshold", "5", "suppressed-cells", "4", "published-cells", "40"]);
        Assert.Contains(records, r => r.Length == 3 && r[0] == "# flag" && r[1] == "fairness.below-bound");
        Assert.Contains(records, r => r is ["# note", "就业率按 2024 版口径计算。"]);
        Assert.Contains(records, r => r.Length == 2 && r[0] == "# values" && r[1].Contains("0 到 1", StringComparison.Ordinal));

        var tables = records.Where(r => r[0] == "# table").ToList();
        Assert.Equal([["# table", "by-region", "按地区和群体"], ["# table", "satisfaction", "满意度"]], tables);
        Assert.Equal(12, TableRows(records, "by-region").Count);
        Assert.Equal(3, TableRows(records, "satisfaction").Count);
    }

    [Fact]
    public async Task A_reader_that_skips_hash_comment_lines_sees_only_the_tables()
    {
        var records = Parse(await WriteAsync(ReportLanguage.En), keepComments: false);

        Assert.DoesNotContain(records, r => r[0].StartsWith('#'));
        Assert.Equal(2, records.Count(r => r[0] == "table"));
        Assert.Equal(15, records.Count(r => r[0] is "by-region" or "satisfaction"));
    }

    [Theory]
    [InlineData("+86 20 1234", "'+86 20 1234")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("'quoted", "''quoted")]
    public async Task Prefixes_text_a_spreadsheet_would_run_so_that_one_apostrophe_less_gives_it_back(string label, string written)
    {
        var document = SampleReport.Build();
        var table = document.Tables[1];
        var row = table.Rows[1] with { Categories = [new ReportCategory("10558", new(label, label), 1)] };
        document = document with { Tables = [table with { Rows = [table.Rows[0], row] }] };

        var records = Parse(await SampleReport.WriteAsync(new CsvReportWriter(), document, ReportLanguage.En));

        var cell = TableRows(records, "satisfaction")[1][2];
        Assert.Equal(written, cell);
        Assert.Equal(label, cell[1..]);
    }
}
