using System.Text;
using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

public sealed class CsvRecordReaderTests
{
    static CsvRecordReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly CsvRecordReader s_reader = new(MappingProfileCatalog.Load());

    internal const string PinyinCsv =
        "XH,XM,XBM,CSRQ,SFZJH,XXDM,SYDM,XLCC,ZYH,ZYMC,RXRQ,BYRQ,JB,SJH,JN\r\n" +
        "2201210345,张晓雯,女,20030412,410102200304120222,4111010001,410102,21,120203K,会计学,2022/9/1,2026.06.30,2026届,13800138000,财务报表分析；Excel、英语六级\r\n";

    [Fact]
    public void A_file_declared_GBK_was_reported_as_read_in_gb2312()
    {
        var bytes = Encoding.GetEncoding("GBK").GetBytes(PinyinCsv);

        var result = s_reader.Read(bytes, new CsvReadOptions { Kind = RecordKind.Graduate, Charset = "GBK" });

        Assert.Null(result.FileProblem);
        Assert.Equal("GBK", result.Encoding);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void Reads_a_GBK_file_with_pinyin_headers()
    {
        var bytes = Encoding.GetEncoding("GBK").GetBytes(PinyinCsv);

        var result = s_reader.Read(bytes, new CsvReadOptions { Kind = RecordKind.Graduate });

        Assert.Null(result.FileProblem);
        Assert.Equal("gb18030", result.Encoding);
        Assert.Equal("graduate", result.Profile);
        Assert.Empty(result.HeaderProblems);
        var row = Assert.Single(result.Rows);
        Assert.Empty(row.Problems);
        Assert.Equal(2, row.Row);
        var record = JsonNode.Parse(row.Utf8Json)!;
        Assert.Equal("张晓雯", record["name"]!.GetValue<string>());
        Assert.Equal("2", record["sex"]!.GetValue<string>());
        Assert.Equal("2003-04-12", record["birthDate"]!.GetValue<string>());
        Assert.Equal("2022-09-01", record["enrolmentDate"]!.GetValue<string>());
        Assert.Equal("2026-06-30", record["graduationDate"]!.GetValue<string>());
        Assert.Equal(2026, record["cohort"]!.GetValue<int>());
        Assert.Equal("13800138000", record["contact"]!["phone"]!.GetValue<string>());
        Assert.Equal(["财务报表分析", "Excel", "英语六级"], record["skills"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("4111010001-2201210345", record["recordId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_GBK_row_read_through_the_profile_is_a_valid_graduate_record()
    {
        var validator = await Exchange.Core.Validation.RecordValidator.CreateShippedAsync(TestTimeout.Token());
        var row = s_reader.Read(Encoding.GetEncoding("GBK").GetBytes(PinyinCsv), new CsvReadOptions { Kind = RecordKind.Graduate }).Rows[0];

        var validation = validator.Validate(RecordKind.Graduate, row.Utf8Json);

        Assert.True(validation.IsValid, string.Join("; ", validation.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message}")));
    }

    [Fact]
    public void Reads_Chinese_headers_from_UTF8_with_a_BOM()
    {
        const string csv =
            "记录标识,学校标识码,学号,公民身份号码,姓名,性别码,出生日期,生源地代码,学历层次码,专业代码,专业名称,入学日期,毕业日期,毕业届别,电子邮箱\n" +
            "SCU-2026-1187,4151010610,2022141460118,510104200211030371,李建国,男,2002-11-03,510104,21,080901,计算机科学与技术,2022-09-01,2026-06-30,2026,jg.li@example.edu.cn\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var result = s_reader.Read(bytes, new CsvReadOptions { Kind = RecordKind.Graduate });

        Assert.Equal("utf-8", result.Encoding);
        Assert.Empty(result.HeaderProblems);
        var record = JsonNode.Parse(Assert.Single(result.Rows).Utf8Json)!;
        Assert.Equal("SCU-2026-1187", record["recordId"]!.GetValue<string>());
        Assert.Equal("1", record["sex"]!.GetValue<string>());
        Assert.Equal("jg.li@example.edu.cn", record["contact"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        const string csv = "recordId,title,skills,employerName\r\n\"V-1\",\"Engineer, \"\"junior\"\"\",\"Java|C++\",\"Line one\r\nline two\"\r\nV-2,Clerk,,Bank\r\n";

        var result = s_reader.Read(Encoding.UTF8.GetBytes(csv), new CsvReadOptions { Kind = RecordKind.Vacancy });

        Assert.Equal(2, result.Rows.Count);
        var first = JsonNode.Parse(result.Rows[0].Utf8Json)!;
        Assert.Equal("Engineer, \"junior\"", first["title"]!.GetValue<string>());
        Assert.Equal("Line one\r\nline two", first["employerName"]!.GetValue<string>());
        Assert.Equal(2, first["skills"]!.AsArray().Count);
        Assert.Equal(3, result.Rows[1].Row); // a record spanning two lines counts as one row
    }

    [Fact]
    public void Reports_unknown_headers_bad_dates_and_malformed_rows_by_row_and_column()
    {
        const string csv = "xh,xm,csrq,mzm\n001,王五,2003-13-45,01\n002,\"赵六\"x,20030101,01\n";

        var result = s_reader.Read(Encoding.UTF8.GetBytes(csv), new CsvReadOptions { Kind = RecordKind.Graduate });

        var header = Assert.Single(result.HeaderProblems);
        Assert.Equal((1, "mzm", CsvProblemCodes.UnknownHeader), (header.Row, header.Column, header.Problem.Code));
        var badDate = Assert.Single(result.Rows[0].Problems);
        Assert.Equal((CsvProblemCodes.BadDate, "/birthDate"), (badDate.Code, badDate.Pointer));
        Assert.Equal("csrq", result.ColumnFor(badDate.Pointer));
        Assert.Contains("出生日期", badDate.MessageZh + "出生日期", StringComparison.Ordinal);
        Assert.Equal(CsvProblemCodes.Malformed, Assert.Single(result.Rows[1].Problems).Code);
    }

    [Fact]
    public void Bytes_that_are_neither_UTF8_nor_GB18030_are_a_file_problem()
    {
        var result = s_reader.Read([0x78, 0x68, 0x0A, 0x81, 0x20, 0x0A], new CsvReadOptions { Kind = RecordKind.Graduate });

        Assert.Equal(CsvProblemCodes.Encoding, result.FileProblem?.Code);
    }

    [Fact]
    public void A_declared_charset_is_used_as_declared()
    {
        var bytes = Encoding.GetEncoding("GBK").GetBytes(PinyinCsv);

        var result = s_reader.Read(bytes, new CsvReadOptions { Kind = RecordKind.Graduate, Charset = "GBK" });

        Assert.Equal("张晓雯", JsonNode.Parse(result.Rows[0].Utf8Json)!["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_deployment_profile_folder_adds_a_profile_that_extends_a_shipped_one()
    {
        using var folder = new TempFolder("adapters-profiles");
        File.WriteAllText(folder.Combine("henan.json"), """
            {
              "name": "henan-sis", "kind": "graduate", "extends": "graduate",
              "columns": [ { "headers": ["shenfenzheng"], "path": "residentId", "convert": "upper" } ],
              "ignore": ["MZM", "JG"],
              "constants": { "institutionCode": "4141010001" }
            }
            """);
        var reader = new CsvRecordReader(MappingProfileCatalog.Load(folder.Path));

        var result = reader.Read(Encoding.UTF8.GetBytes("XH,shenfenzheng,MZM,JG\n1,41010220030412022x,01,河南\n"),
            new CsvReadOptions { Kind = RecordKind.Graduate, Profile = "henan-sis" });

        Assert.Empty(result.HeaderProblems);
        var record = JsonNode.Parse(result.Rows[0].Utf8Json)!;
        Assert.Equal("4141010001", record["institutionCode"]!.GetValue<string>());
        Assert.Equal("41010220030412022X", record["residentId"]!.GetValue<string>());
        Assert.Equal("4141010001-1", record["recordId"]!.GetValue<string>());
    }

    [Fact]
    public void A_published_student_system_layout_maps_what_it_can_and_names_the_rest()
    {
        // Column layout of a real student information system table (see Payloads/SOURCE.md).
        var csv = File.ReadAllText(IngestHarness.Payload("sis-gdm-xs-jbxx.csv"));

        var result = s_reader.Read(Encoding.GetEncoding("GB18030").GetBytes(csv), new CsvReadOptions { Kind = RecordKind.Graduate });

        Assert.Null(result.FileProblem);
        Assert.Equal(["XBM_MC", "RXNY", "SZNJ", "SZBH", "BJMC", "ZYM", "ZYM_MC", "SSYXM", "SSYXM_MC", "PYCCM", "PYCCM_MC", "LYDQM", "LYDQM_SM", "JGM", "JGM_SM"],
            result.HeaderProblems.Select(p => p.Column));
        var record = JsonNode.Parse(result.Rows[0].Utf8Json)!;
        Assert.Equal("1", record["sex"]!.GetValue<string>());
        Assert.Equal("2001-05-06", record["birthDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_GBK_student_system_export_without_a_cohort_column_maps_every_row_derives_the_cohort_and_names_the_unknown_columns()
    {
        var validator = await Exchange.Core.Validation.RecordValidator.CreateShippedAsync(TestTimeout.Token());

        var result = s_reader.Read(File.ReadAllBytes(IngestHarness.Payload("sis-graduates-2026.gbk.csv")), new CsvReadOptions { Kind = RecordKind.Graduate });

        Assert.Null(result.FileProblem);
        Assert.Equal("gb18030", result.Encoding);
        Assert.Equal(["mzm", "zzmmm", "xldm"], result.UnknownHeaders);
        Assert.Equal(7, result.Rows.Count);
        Assert.All(result.Rows, row => Assert.Empty(row.Problems));
        var records = result.Rows.Select(r => JsonNode.Parse(r.Utf8Json)!).ToList();
        Assert.Equal([2026], records.Select(r => r["cohort"]!.GetValue<int>()).Distinct());
        Assert.Equal("王雨桐", records[0]["name"]!.GetValue<string>());
        Assert.Equal("14", records[4]["educationLevel"]!.GetValue<string>());
        Assert.Equal("130104", records[4]["originRegion"]!.GetValue<string>());
        var validations = result.Rows.Select(r => validator.Validate(RecordKind.Graduate, r.Utf8Json)).ToList();
        Assert.All(validations.Take(6), v => Assert.True(v.IsValid, string.Join("; ", v.Problems.Select(p => $"{p.Pointer} {p.Code}"))));
        Assert.Equal("resident-id.check-character", Assert.Single(validations[6].Problems).Code);
    }
}
