using Exchange.Access.Decisions;
using Exchange.Reporting.Statistics;

namespace Exchange.Reporting.Reading;

/// <summary>
/// The problems a report read is answered with beyond those the report service raises itself, in
/// English and Chinese, shared by the HTTP endpoint, <c>exchange report</c> and the schedule.
/// </summary>
public static class ReportProblems
{
    /// <summary>The code of a read the release service refused; the rule that decided travels beside it.</summary>
    public const string DeniedCode = "report.denied";

    /// <summary>The code of a caller that is not a registered client.</summary>
    public const string UnknownClientCode = "report.client-unknown";

    /// <summary>A name that is not in the catalogue, naming the reports there are.</summary>
    public static ReportProblem UnknownReport(string name)
    {
        var names = ReportService.Catalogue.Select(r => r.Name).ToList();
        var listed = string.Join(", ", names);
        var listedZh = string.Join("、", names);
        return new ReportProblem(ReportProblem.UnknownReport, "name",
            $"'{name}' is not a report; the reports are {listed}.",
            $"“{name}”不是报表；可用报表：{listedZh}。");
    }

    /// <summary>A value of a request option (format, lang) that is not one it takes.</summary>
    public static ReportProblem Invalid(string name, string value, string expected, string expectedZh) => new(
        ReportProblem.InvalidParameter, name, $"{name} '{value}' is not valid: give {expected}.", $"参数 {name} 的值“{value}”无效：应为{expectedZh}。");

    /// <summary>A read the release service refused, with the rule that decided.</summary>
    public static ReportProblem Denied(string rule) => new(DeniedCode, null, DeniedMessage(rule), DeniedMessageZh(rule));

    /// <summary>Why a read was refused, in English.</summary>
    public static string DeniedMessage(string rule) => rule switch
    {
        PolicyRules.StatisticsPurpose => $"Reports are released only for the purpose statistics (rule {rule}).",
        PolicyRules.AgreementNone => $"No data-sharing agreement in force lets this caller count anyone for statistics (rule {rule}).",
        "scope.missing" => $"This client is not registered for the scope reports:read (rule {rule}).",
        _ => $"The report may not be read (rule {rule}).",
    };

    /// <summary>Why a read was refused, in Chinese.</summary>
    public static string DeniedMessageZh(string rule) => rule switch
    {
        PolicyRules.StatisticsPurpose => $"报表仅可用于统计目的（规则 {rule}）。",
        PolicyRules.AgreementNone => $"没有现行有效的数据共享协议允许该调用方出于统计目的进行计数（规则 {rule}）。",
        "scope.missing" => $"该客户端未登记 reports:read 权限范围（规则 {rule}）。",
        _ => $"无权读取该报表（规则 {rule}）。",
    };
}
