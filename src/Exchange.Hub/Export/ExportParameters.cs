using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Access.Agreements;

namespace Exchange.Hub.Export;

/// <summary>A kick-off request's parameters, parsed: the kinds, the since instant and the purpose; or the problems that name what was wrong.</summary>
internal sealed partial record ExportParameters(IReadOnlyList<string> Types, DateTimeOffset? Since, Purpose Purpose)
{
    private const string TypeName = "_type";
    private const string SinceName = "_since";
    private const string FormatName = "_outputFormat";
    private const string PurposeName = "purpose";

    private static readonly HashSet<string> Names = new([TypeName, SinceName, FormatName, PurposeName], StringComparer.Ordinal);
    private static readonly HashSet<string> Formats = new(["application/fhir+ndjson", "application/ndjson", "application/x-ndjson", "ndjson"], StringComparer.Ordinal);

    /// <summary>
    /// Parses the query; <paramref name="purposeMissing"/> says the purpose alone was wrong or
    /// absent, which is audited as every read without a purpose is.
    /// </summary>
    public static ExportParameters? Parse(IQueryCollection query, bool respondAsyncRequired, bool respondAsync, List<ExportProblem> problems, out bool purposeMissing)
    {
        purposeMissing = false;
        if (respondAsyncRequired && !respondAsync)
            problems.Add(new ExportProblem(ExportProblem.RespondAsyncRequired, "Prefer",
                "A GET kick-off needs the header Prefer: respond-async; an export is always asynchronous.", "以 GET 发起导出须带请求头 Prefer: respond-async；导出总是异步进行。"));

        foreach (var (name, values) in query)
        {
            if (!Names.Contains(name))
                problems.Add(new ExportProblem(ExportProblem.UnsupportedParameter, name,
                    $"The parameter {name} is not supported; an export takes _type, _since, _outputFormat and purpose.", $"不支持参数 {name}；导出只接受 _type、_since、_outputFormat 和 purpose。"));
            else if (values.Count > 1)
                problems.Add(new ExportProblem(ExportProblem.InvalidParameter, name,
                    $"{name} is given {values.Count} times; give it once.", $"参数 {name} 出现了 {values.Count} 次；只能给出一次。"));
        }

        var types = ParseTypes(query[TypeName], problems);
        var since = ParseSince(query[SinceName], problems);
        var format = query[FormatName].ToString();
        if (query.ContainsKey(FormatName) && !Formats.Contains(format))
            problems.Add(new ExportProblem(ExportProblem.UnsupportedFormat, FormatName,
                $"The output format {format} is not supported; files are application/fhir+ndjson.", $"不支持输出格式 {format}；导出文件为 application/fhir+ndjson。"));

        if (!DataCategories.TryParsePurpose(query[PurposeName].ToString(), out var purpose))
        {
            purposeMissing = true;
            problems.Add(new ExportProblem("purpose-required", PurposeName,
                "Declare the purpose of the export: purpose=matching, service-delivery, statistics or research.", "请声明导出目的：purpose=matching、service-delivery、statistics 或 research。"));
        }
        return problems.Count == 0 ? new ExportParameters(types, since, purpose) : null;
    }

    private static List<string> ParseTypes(Microsoft.Extensions.Primitives.StringValues value, List<ExportProblem> problems)
    {
        if (value.Count == 0)
            return [.. ExportKinds.All];
        var named = value.ToString().Split(',', StringSplitOptions.TrimEntries);
        foreach (var type in named.Where(t => !ExportKinds.All.Contains(t, StringComparer.Ordinal)))
            problems.Add(new ExportProblem(ExportProblem.UnknownType, TypeName,
                $"The kind '{type}' cannot be exported; _type takes graduate, certification, placement and vacancy, comma separated.",
                $"无法导出类型 '{type}'；_type 可取 graduate、certification、placement 和 vacancy，以逗号分隔。"));
        return [.. ExportKinds.All.Where(named.Contains)];
    }

    private static DateTimeOffset? ParseSince(Microsoft.Extensions.Primitives.StringValues value, List<ExportProblem> problems)
    {
        if (value.Count == 0)
            return null;
        var text = value.ToString();
        if (Instant().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var since))
            return since;
        problems.Add(new ExportProblem(ExportProblem.InvalidSince, SinceName,
            $"_since '{text}' is not an instant; write it as 2026-06-30T00:00:00Z or 2026-06-30T08:00:00+08:00.",
            $"_since '{text}' 不是时间点；请写作 2026-06-30T00:00:00Z 或 2026-06-30T08:00:00+08:00。"));
        return null;
    }

    // A FHIR instant: a full date and time with seconds and a zone.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Instant();
}
