using System.Globalization;
using Exchange.Core.Validation;

namespace Exchange.Adapters.Formats.Csv;

/// <summary>The CSV reader's problems with their English and Chinese messages. Messages name columns, never cell values: a cell may hold a resident id.</summary>
internal static class CsvProblems
{
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static Problem Encoding(string detail) => new("", CsvProblemCodes.Encoding,
        detail + " Save the file as UTF-8, or declare its charset (GBK, GB18030).",
        "文件无法按字符集解码。请另存为 UTF-8，或声明字符集（GBK、GB18030）。");

    public static Problem Empty() => new("", CsvProblemCodes.Empty, "The file has no header row.", "文件没有表头行。");

    public static Problem TooLarge(long bytes, long max) => new("", CsvProblemCodes.TooLarge,
        F($"The file is {bytes} bytes; at most {max} are read."), F($"文件大小为 {bytes} 字节，超过上限 {max} 字节。"));

    public static Problem UnknownProfile(string name) => new("", CsvProblemCodes.UnknownProfile,
        F($"No mapping profile named '{name}' for this kind is loaded."), F($"未找到名为“{name}”的映射配置。"));

    public static Problem NoProfile(string kind) => new("", CsvProblemCodes.UnknownHeader,
        F($"No mapping profile for {kind} records recognises these headers."), F($"没有适用于 {kind} 记录的映射配置能识别这些表头。"));

    public static Problem Malformed(string detail) => new("", CsvProblemCodes.Malformed,
        "The row is not well-formed CSV (RFC 4180): " + detail, "该行不是格式正确的 CSV（RFC 4180）。");

    public static Problem UnknownHeader(string header) => new("", CsvProblemCodes.UnknownHeader,
        F($"The column '{header}' is not in the mapping profile; its values are not imported."),
        F($"列“{header}”不在映射配置中，其内容未导入。"));

    public static Problem DuplicateHeader(string header, string path) => new("/" + path.Replace('.', '/'), CsvProblemCodes.DuplicateHeader,
        F($"The column '{header}' fills '{path}', which an earlier column already fills; it is not imported."),
        F($"列“{header}”对应的字段“{path}”已由前面的列填写，该列未导入。"));

    public static Problem ExtraFields(int fields, int headers) => new("", CsvProblemCodes.ExtraFields,
        F($"The row has {fields} fields but the header has {headers}."), F($"该行有 {fields} 个字段，表头只有 {headers} 列。"));

    public static Problem BadValue(string code, string column, string path) => code switch
    {
        CsvProblemCodes.BadDate => new(Pointer(path), code,
            F($"The column '{column}' does not hold a date (yyyyMMdd, yyyy-MM-dd, yyyy/M/d or yyyy.MM.dd)."),
            F($"列“{column}”不是有效日期（yyyyMMdd、yyyy-MM-dd、yyyy/M/d 或 yyyy.MM.dd）。")),
        CsvProblemCodes.BadInteger => new(Pointer(path), code,
            F($"The column '{column}' does not hold a whole number."), F($"列“{column}”不是整数。")),
        _ => new(Pointer(path), code,
            F($"The column '{column}' does not hold a sex (男/女, or a GB/T 2261.1 code 0, 1, 2, 9)."),
            F($"列“{column}”不是有效的性别（男/女，或 GB/T 2261.1 代码 0、1、2、9）。")),
    };

    public static string Pointer(string path) => "/" + path.Replace('.', '/');
}
