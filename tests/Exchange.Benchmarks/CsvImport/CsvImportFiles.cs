using System.Globalization;
using System.Text;
using Exchange.Adapters.Formats.Csv;
using Exchange.Core.Identifiers;
using Exchange.Core.Model;

namespace Exchange.Benchmarks.CsvImport;

/// <summary>
/// A GBK student-system export of valid graduates (pinyin headers of the shipped graduate
/// profile), and the same records as NDJSON: each CSV row mapped by the CSV reader itself, so the
/// two files hold exactly the same records. Both are written as they are generated.
/// </summary>
internal static class CsvImportFiles
{
    private const string Header = "xh,xm,xbm,csrq,sfzjh,xxdm,syszdm,zyh,zymc,xlccm,rxrq,byrq,sjh";
    private static readonly string[] s_surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
    private static readonly string[] s_givenNames = ["晓雯", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "一诺", "思远", "雨桐", "俊杰"];

    static CsvImportFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static void WriteCsv(string path, int rows)
    {
        using var writer = new StreamWriter(path, append: false, Encoding.GetEncoding("GBK"), bufferSize: 1 << 16) { NewLine = "\r\n" };
        writer.WriteLine(Header);
        for (var i = 0; i < rows; i++)
        {
            // Resident ids are unique: a birth date per row within 1,800 days and a sequence per 1,800 rows.
            var birth = new DateOnly(2000, 1, 1).AddDays(i % 1800);
            var sequence = i / 1800;
            var first17 = string.Create(CultureInfo.InvariantCulture, $"410102{birth:yyyyMMdd}{sequence:D3}");
            var sex = sequence % 2 == 1 ? 1 : 2;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"22{i:D8},{s_surnames[i % s_surnames.Length]}{s_givenNames[i / 7 % s_givenNames.Length]},{sex},{birth:yyyyMMdd},{first17}{ResidentId.ComputeCheckCharacter(first17)},4111010001,410102,120203K,会计学,21,20220901,20260630,138{i:D8}"));
        }
    }

    public static void WriteNdJson(string csvPath, string path)
    {
        using var csv = File.OpenRead(csvPath);
        using var rows = new CsvRecordReader(MappingProfileCatalog.Load()).Open(csv, new CsvReadOptions { Kind = RecordKind.Graduate, MaxBytes = long.MaxValue });
        if (rows.FileProblem is { } problem)
            throw new InvalidOperationException($"The generated CSV does not read: {problem.Code} {problem.Message}");
        using var ndjson = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (var row in rows.ReadRows())
        {
            ndjson.Write(row.Utf8Json);
            ndjson.WriteByte((byte)'\n');
        }
    }
}
