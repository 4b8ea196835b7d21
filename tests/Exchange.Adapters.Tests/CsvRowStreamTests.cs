using System.Text;
using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Model;

namespace Exchange.Adapters.Tests;

public sealed class CsvRowStreamTests
{
    static CsvRowStreamTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly CsvRecordReader s_reader = new(MappingProfileCatalog.Load());

    private static CsvReadResult Read(string csv) =>
        s_reader.Read(Encoding.UTF8.GetBytes(csv), new CsvReadOptions { Kind = RecordKind.Vacancy });

    [Theory]
    [InlineData("\"Clerk\"x", "Text follows the closing quote of a field.")]
    [InlineData("Cl\"erk", "A quote appears inside an unquoted field.")]
    public void A_malformed_row_is_answered_on_its_own_and_the_rows_around_it_are_read(string title, string detail)
    {
        var result = Read($"recordId,title,employerName\nV-1,Engineer,Bank\nV-2,{title},Bank\nV-3,Nurse,Clinic\n");

        Assert.Equal([2, 3, 4], result.Rows.Select(r => r.Row));
        Assert.Empty(result.Rows[0].Problems);
        var malformed = Assert.Single(result.Rows[1].Problems);
        Assert.Equal(CsvProblemCodes.Malformed, malformed.Code);
        Assert.EndsWith(detail, malformed.Message, StringComparison.Ordinal);
        Assert.Empty(result.Rows[2].Problems);
        Assert.Equal("Nurse", JsonNode.Parse(result.Rows[2].Utf8Json)!["title"]!.GetValue<string>());
    }

    [Fact]
    public void A_quote_left_open_makes_its_row_malformed_with_the_row_number_and_keeps_the_rows_before_it()
    {
        var result = Read("recordId,title,employerName\nV-1,Engineer,Bank\n\nV-2,\"Clerk,Bank\nV-3,Nurse,Clinic\n");

        Assert.Equal([2, 4], result.Rows.Select(r => r.Row)); // the blank line still counts
        Assert.Empty(result.Rows[0].Problems);
        var malformed = Assert.Single(result.Rows[1].Problems);
        Assert.Equal(CsvProblemCodes.Malformed, malformed.Code);
        Assert.EndsWith("A quoted field is not closed before the end of the file.", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_more_fields_than_the_header_is_answered_with_its_row_number()
    {
        var result = Read("recordId,title\r\nV-1,Engineer\r\nV-2,Clerk,Bank\r\n\"V-3\",\"Nurse\"\r\n");

        Assert.Equal(CsvProblemCodes.ExtraFields, Assert.Single(result.Rows[1].Problems).Code);
        Assert.Equal(3, result.Rows[1].Row);
        Assert.Empty(result.Rows[2].Problems);
    }

    [Fact]
    public void A_file_whose_GBK_text_starts_after_the_first_block_is_still_recognised_as_GB18030()
    {
        var csv = new StringBuilder("recordId,title,employerName\n");
        for (var i = 0; csv.Length < 200_000; i++)
            csv.Append(FormattableString.Invariant($"V-{i},Clerk,Bank\n"));
        csv.Append("V-last,会计,银行\n");

        var result = s_reader.Read(Encoding.GetEncoding("GBK").GetBytes(csv.ToString()), new CsvReadOptions { Kind = RecordKind.Vacancy });

        Assert.Null(result.FileProblem);
        Assert.Equal("gb18030", result.Encoding);
        Assert.Equal("会计", JsonNode.Parse(result.Rows[^1].Utf8Json)!["title"]!.GetValue<string>());
    }

    [Fact]
    public void Bytes_that_stop_decoding_past_the_first_block_refuse_the_file_before_any_row_is_read()
    {
        var text = new StringBuilder("recordId,title,employerName\n");
        for (var i = 0; text.Length < 200_000; i++)
            text.Append(FormattableString.Invariant($"V-{i},Clerk,Bank\n"));
        byte[] bytes = [.. Encoding.ASCII.GetBytes(text.ToString()), 0x81, 0x20, 0x0A];

        using var stream = new MemoryStream(bytes);
        using var rows = s_reader.Open(stream, new CsvReadOptions { Kind = RecordKind.Vacancy });

        Assert.Equal(CsvProblemCodes.Encoding, rows.FileProblem?.Code);
        Assert.Empty(rows.ReadRows());
    }

    [Fact]
    public void An_open_file_is_read_row_by_row_with_its_header_known_before_the_first_row()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("recordId,title,salary\nV-1,Engineer,9000\nV-2,Clerk,8000\n"));
        using var rows = s_reader.Open(stream, new CsvReadOptions { Kind = RecordKind.Vacancy });

        Assert.Equal("utf-8", rows.Encoding);
        Assert.Equal(["salary"], rows.HeaderProblems.Select(p => p.Column));
        using var each = rows.ReadRows().GetEnumerator();
        Assert.True(each.MoveNext());
        Assert.Equal(2, each.Current.Row);
        Assert.True(each.MoveNext());
        Assert.Equal(3, each.Current.Row);
        Assert.False(each.MoveNext());
    }
}
