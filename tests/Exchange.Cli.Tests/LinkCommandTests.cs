using System.Globalization;
using System.Text;

namespace Exchange.Cli.Tests;

public sealed class LinkCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("exchange-link-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Header = "record_id,name,birth_date,institution_code,student_id,phone,origin_region,sex,linkage_key,cohort";

    /// <summary>200 graduates: a university record each (keyed) and, for every other one, an employer placement that romanises the name.</summary>
    private static string Ledger()
    {
        const string surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
        const string given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平晓雯欣怡婷宇浩轩然睿";
        var random = new Random(42);
        var csv = new StringBuilder(Header + "\n");
        for (var g = 0; g < 200; g++)
        {
            var name = $"{surnames[random.Next(surnames.Length)]}{given[random.Next(given.Length)]}{given[random.Next(given.Length)]}";
            var birth = new DateOnly(1999 + random.Next(5), 1 + random.Next(12), 1 + random.Next(28));
            var phone = random.NextInt64(13_000_000_000, 19_999_999_999).ToString(CultureInfo.InvariantCulture);
            var region = $"{11 + random.Next(50)}{1 + random.Next(20):D2}{1 + random.Next(20):D2}";
            csv.Append(CultureInfo.InvariantCulture, $"u{g},{name},{birth:yyyy-MM-dd},41{g:D8},2022{g:D4},{phone},{region},{1 + g % 2},key-{g},{birth.Year + 22}\n");
            if (g % 2 == 0)
                csv.Append(CultureInfo.InvariantCulture, $"p{g},\"{Romanised(name)}\",{birth:yyyy/M/d},,,{phone},,{1 + g % 2},,{birth.Year + 22}\n");
        }
        return csv.ToString();
    }

    private static string Romanised(string name)
    {
        var pinyin = new Dictionary<char, string>();
        foreach (var (chars, syllable) in new[]
        {
            ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
            ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
            ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
            ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"),
            ("晓", "xiao"), ("雯", "wen"), ("欣", "xin"), ("怡", "yi"), ("婷", "ting"), ("宇", "yu"), ("浩", "hao"), ("轩", "xuan"), ("然", "ran"), ("睿", "rui"),
        })
            pinyin[chars[0]] = syllable;
        var given = pinyin[name[1]] + pinyin[name[2]];
        return $"{char.ToUpperInvariant(given[0])}{given[1..]} {pinyin[name[0]].ToUpperInvariant()}";
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Links_a_ledger_with_the_shipped_graduate_settings_and_writes_clusters_pairs_and_the_model()
    {
        var input = Write("ledger.csv", Ledger());
        var output = Path.Combine(_folder, "out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("link", input, "--out", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("300 records, 0 rejected", stdout, StringComparison.Ordinal);
        var clusters = File.ReadAllLines(Path.Combine(output, "clusters.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1]);
        Assert.Equal(300, clusters.Count);
        var joined = Enumerable.Range(0, 100).Count(i => clusters[$"p{2 * i}"] == clusters[$"u{2 * i}"]);
        Assert.True(joined >= 95, $"{joined} of 100 romanised placements joined their university record");
        var pairs = File.ReadAllLines(Path.Combine(output, "pairs.csv"));
        Assert.StartsWith("left_id,right_id,match_weight,match_probability,decision,prior_weight,name_level,", pairs[0], StringComparison.Ordinal);
        Assert.Contains(pairs, p => p.Contains(",link,", StringComparison.Ordinal) && p.Contains(",romanised,", StringComparison.Ordinal));
        Assert.Contains("\"prior\"", File.ReadAllText(Path.Combine(output, "model.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
    }

    [Fact]
    public async Task A_record_id_written_as_a_formula_ran_as_one_when_the_clusters_and_pairs_were_opened_in_a_spreadsheet()
    {
        var ledger = Ledger().Replace("\nu0,", "\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"u0\"\")\",", StringComparison.Ordinal)
            .Replace("\np0,", "\n@SUM(1+1),", StringComparison.Ordinal);
        var input = Write("ledger.csv", ledger);
        var output = Path.Combine(_folder, "out");

        var (exit, _, stderr) = await CliRunner.RunAsync("link", input, "--out", output);

        Assert.True(exit == 0, stderr);
        var clusters = File.ReadAllLines(Path.Combine(output, "clusters.csv"));
        Assert.Contains(clusters, l => l.StartsWith("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"u0\"\")\",", StringComparison.Ordinal));
        Assert.Contains(clusters, l => l.StartsWith("'@SUM(1+1),", StringComparison.Ordinal));
        var pairs = File.ReadAllLines(Path.Combine(output, "pairs.csv"));
        Assert.Contains(pairs, p => p.Contains("'@SUM(1+1)", StringComparison.Ordinal));
        Assert.DoesNotContain(clusters.Concat(pairs), l => l.StartsWith('=') || l.StartsWith('@') || l.StartsWith("\"=", StringComparison.Ordinal)
            || l.Contains(",@", StringComparison.Ordinal) || l.Contains(",=", StringComparison.Ordinal) || l.Contains(",\"=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_NDJSON_with_the_evidence_of_each_pair_and_scores_again_with_a_saved_model()
    {
        var input = Write("ledger.csv", Ledger());
        var first = Path.Combine(_folder, "first");
        var (exit, _, stderr) = await CliRunner.RunAsync("link", input, "--out", first, "--format", "ndjson");
        Assert.True(exit == 0, stderr);
        var line = File.ReadLines(Path.Combine(first, "pairs.ndjson")).First();
        Assert.Contains("\"comparisons\":[{\"comparison\":\"name\"", line, StringComparison.Ordinal);
        Assert.Contains("\"bayesFactorLog2\"", line, StringComparison.Ordinal);

        var second = Path.Combine(_folder, "second");
        (exit, _, stderr) = await CliRunner.RunAsync("link", input, "--model", Path.Combine(first, "model.json"), "--out", second, "--format", "ndjson");

        Assert.True(exit == 0, stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(first, "clusters.ndjson")), File.ReadAllText(Path.Combine(second, "clusters.ndjson")));
    }

    [Fact]
    public async Task A_column_the_file_does_not_have_exits_2_naming_it_and_writes_nothing()
    {
        var input = Write("ledger.csv", Ledger().Replace("origin_region", "region_code", StringComparison.Ordinal));
        var output = Path.Combine(_folder, "out");

        var (exit, _, stderr) = await CliRunner.RunAsync("link", input, "--out", output);

        Assert.Equal(2, exit);
        Assert.Contains("\"code\":\"settings.unknown-column\"", stderr, StringComparison.Ordinal);
        Assert.Contains("'origin_region'", stderr, StringComparison.Ordinal);
        Assert.Contains("empty where a row has no value", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_malformed_row_exits_2_with_its_line_and_every_good_row_is_still_resolved()
    {
        var lines = Ledger().TrimEnd('\n').Split('\n').ToList();
        lines.Insert(5, "bad1,\"王伟,2001-01-01,,,,,1,");          // a quote never closed
        lines.Insert(9, "bad2,李娜,2001-01-01");                    // too few fields
        var input = Write("ledger.csv", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_folder, "out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("link", input, "--out", output);

        Assert.Equal(2, exit);
        Assert.Contains("\"code\":\"input.malformed-row\"", stderr, StringComparison.Ordinal);
        Assert.Contains("\"line\":6", stderr, StringComparison.Ordinal);
        Assert.Contains("\"line\":10", stderr, StringComparison.Ordinal);
        Assert.Contains("300 records, 2 rejected", stdout, StringComparison.Ordinal);
        var ids = File.ReadAllLines(Path.Combine(output, "clusters.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(300, ids.Count);
        Assert.DoesNotContain("bad1", ids);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "rejected.ndjson")).Length);
    }

    [Fact]
    public async Task Broken_settings_exit_2_with_each_problem_as_JSON()
    {
        var input = Write("ledger.csv", Ledger());
        var settings = Write("settings.json", """
            { "fields": [ { "name": "name", "type": "name", "column": "name" } ],
              "comparisons": [ { "name": "dob", "field": "birthDate", "levels": [ { "kind": "exact" } ] } ],
              "blocking": { "rules": [ { "keys": [ "name:pinyin" ] } ] } }
            """);

        var (exit, _, stderr) = await CliRunner.RunAsync("link", input, "--settings", settings);

        Assert.Equal(2, exit);
        Assert.Contains("\"code\":\"settings.unknown-field\"", stderr, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"$.comparisons[0].field\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_a_GB18030_export_with_pinyin_initial_headers_as_the_settings_map_them()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Ledger().Replace(Header, "xh,xm,csrq,xxdm,xsid,lxdh,syd,xbm,lk,jb", StringComparison.Ordinal);
        var input = Path.Combine(_folder, "ledger-gbk.csv");
        await File.WriteAllBytesAsync(input, Encoding.GetEncoding("GB18030").GetBytes(csv));
        var graduate = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "src", "Exchange.Index", "Resolution", "Settings", "graduate.json"));
        var settings = Write("gbk.settings.json", graduate
            .Replace("\"idColumn\": \"record_id\"", "\"idColumn\": \"xh\", \"encoding\": \"gb18030\"", StringComparison.Ordinal)
            .Replace("\"column\": \"name\"", "\"column\": \"xm\"", StringComparison.Ordinal)
            .Replace("\"column\": \"birth_date\"", "\"column\": \"csrq\"", StringComparison.Ordinal)
            .Replace("[ \"institution_code\", \"student_id\" ]", "[ \"xxdm\", \"xsid\" ]", StringComparison.Ordinal)
            .Replace("\"column\": \"phone\"", "\"column\": \"lxdh\"", StringComparison.Ordinal)
            .Replace("\"column\": \"origin_region\"", "\"column\": \"syd\"", StringComparison.Ordinal)
            .Replace("\"column\": \"sex\"", "\"column\": \"xbm\"", StringComparison.Ordinal)
            .Replace("\"column\": \"linkage_key\"", "\"column\": \"lk\"", StringComparison.Ordinal)
            .Replace("\"column\": \"cohort\"", "\"column\": \"jb\"", StringComparison.Ordinal));
        var output = Path.Combine(_folder, "out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("link", input, "--settings", settings, "--out", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("300 records, 0 rejected", stdout, StringComparison.Ordinal);
        Assert.Contains(File.ReadLines(Path.Combine(output, "pairs.csv")), p => p.Contains(",romanised,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_GB18030_file_read_as_UTF_8_exits_2_saying_which_encoding_to_set()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var input = Path.Combine(_folder, "ledger-gbk.csv");
        await File.WriteAllBytesAsync(input, Encoding.GetEncoding("GB18030").GetBytes(Ledger()));

        var (exit, _, stderr) = await CliRunner.RunAsync("link", input, "--out", Path.Combine(_folder, "out"));

        Assert.Equal(2, exit);
        Assert.Contains("\"code\":\"input.encoding\"", stderr, StringComparison.Ordinal);
        Assert.Contains("gb18030", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_NDJSON_line_is_rejected_by_its_line_and_the_others_are_resolved()
    {
        var rows = Ledger().TrimEnd('\n').Split('\n');
        var columns = rows[0].Split(',');
        var lines = rows.Skip(1).Select(row =>
        {
            var cells = row.Split(',');
            return "{" + string.Join(",", columns.Select((c, i) => $"\"{c}\":{(cells[i].Length == 0 ? "null" : System.Text.Json.JsonSerializer.Serialize(cells[i].Trim('"')))}")) + "}";
        }).ToList();
        lines.Insert(3, "{\"record_id\": \"broken\", \"name\": ");
        var input = Write("ledger.ndjson", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_folder, "out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("link", input, "--out", output);

        Assert.Equal(2, exit);
        Assert.Contains("\"code\":\"input.malformed-row\"", stderr, StringComparison.Ordinal);
        Assert.Contains("\"line\":4", stderr, StringComparison.Ordinal);
        Assert.Contains("300 records, 1 rejected", stdout, StringComparison.Ordinal);
    }
}
