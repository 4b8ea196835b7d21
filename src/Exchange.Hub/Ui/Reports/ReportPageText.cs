using Exchange.Hub.Ui.Language;

namespace Exchange.Hub.Ui.Reports;

/// <summary>The words of the reports pages, once per language.</summary>
public sealed class ReportPageText
{
    public required string Nav { get; init; }
    public required string ReportsTitle { get; init; }
    public required string ReportsIntro { get; init; }
    public required string CatalogueTitle { get; init; }
    public required string FormTitle { get; init; }
    public required string ReportLabel { get; init; }
    public required string CohortLabel { get; init; }
    public required string CohortHint { get; init; }
    public required string RegionLabel { get; init; }
    public required string RegionHint { get; init; }
    public required string FormulaLabel { get; init; }
    public required string FormulaHint { get; init; }
    public required string Formula2024 { get; init; }
    public required string Formula2021 { get; init; }
    public required string AsOfLabel { get; init; }
    public required string AsOfHint { get; init; }
    public required string Show { get; init; }
    public required string ReportRequired { get; init; }
    public required string Downloads { get; init; }
    public required string DownloadCsv { get; init; }
    public required string DownloadJson { get; init; }
    public required string DownloadHtml { get; init; }
    public required string OtherSelection { get; init; }
    public required string DeniedTitle { get; init; }
    public required string DeniedText { get; init; }
    public required string DeniedPurposeText { get; init; }
    public required string DeniedRemedyTitle { get; init; }
    public required string DeniedRemedy { get; init; }
    public required string DeniedBasis { get; init; }
    public required string DeniedRule { get; init; }
    public required string NothingTitle { get; init; }
    public required string NothingText { get; init; }
    public required string Forbidden { get; init; }
    public required string NoSuchReport { get; init; }

    public static ReportPageText For(UiLanguage language) => language == UiLanguage.English ? ReportPageTexts.English : ReportPageTexts.Chinese;
}

/// <summary>The reports pages' words in Chinese and in English.</summary>
public static class ReportPageTexts
{
    public static readonly ReportPageText Chinese = new()
    {
        Nav = "统计报表",
        ReportsTitle = "统计报表",
        ReportsIntro = "报表只含经过披露控制的汇总数字，不含任何个人。计入哪些毕业生，取决于贵单位以统计为目的的数据共享协议：法定职责可计入全部毕业生，本人同意只计入已同意的毕业生。每次生成报表都记入审计日志。",
        CatalogueTitle = "可用报表",
        FormTitle = "选择报表和条件",
        ReportLabel = "报表",
        CohortLabel = "毕业届别（可选）",
        CohortHint = "年份，例如 2026；不填则为合并索引中最新的一届。",
        RegionLabel = "地区（可选）",
        RegionHint = "GB/T 2260 省级或地级区划代码，例如 410000（河南省）或 410100（郑州市）；不填则为全部地区。",
        FormulaLabel = "毕业去向落实率口径",
        FormulaHint = "2024 年口径为默认；2021 年口径用于与往年比较。",
        Formula2024 = "2024 年口径（默认）",
        Formula2021 = "2021 年口径",
        AsOfLabel = "统计截止日（可选）",
        AsOfHint = "格式：年-月-日，例如 2026-12-31；不填则为今天。",
        Show = "生成报表",
        ReportRequired = "请选择一个报表。",
        Downloads = "下载",
        DownloadCsv = "下载 CSV（表格软件）",
        DownloadJson = "下载 JSON（程序读取）",
        DownloadHtml = "下载 HTML（可打印的单独页面）",
        OtherSelection = "选择其他报表或条件",
        DeniedTitle = "贵单位无权生成此报表",
        DeniedText = "没有任何数据共享协议允许贵单位（{0}）以“统计”为目的使用此报表所需的数据，因此不能计入任何毕业生。此次拒绝已记入审计日志。",
        DeniedPurposeText = "此报表只能以“统计”为目的生成，因此不能计入任何毕业生。此次拒绝已记入审计日志。",
        DeniedRemedyTitle = "数据管理员需要记录什么",
        DeniedRemedy = "一份现行有效的数据共享协议：接收方为贵单位（统一社会信用代码 {0}），用途包括“统计”，数据类别包括报表所需的类别（教育信息、就业去向、困难状况和残疾状况），有效期涵盖今天。",
        DeniedBasis = "协议的法律依据类型决定计入谁：“法定职责”可计入全部毕业生，无需本人同意；“本人同意”只计入同意以统计为目的提供其数据的毕业生。",
        DeniedRule = "审计规则：",
        NothingTitle = "暂无可统计的数据",
        NothingText = "合并索引中尚无毕业生记录，没有可统计的届别。高校推送毕业生记录并合并后，即可生成报表。",
        NoSuchReport = "没有这个报表。",
        Forbidden = "您的角色或授权范围不允许访问此页面。统计报表仅限拥有 reports:read 授权的数据管理员和政府部门查看。",
    };

    public static readonly ReportPageText English = new()
    {
        Nav = "Reports",
        ReportsTitle = "Reports",
        ReportsIntro = "A report holds only aggregate figures that have passed disclosure control, never a person. Whom it counts depends on your organisation's data-sharing agreements for statistics: a statutory duty counts every graduate, consent only those who consented. Every report computed is written to the audit log.",
        CatalogueTitle = "The reports",
        FormTitle = "Choose a report and its selection",
        ReportLabel = "Report",
        CohortLabel = "Cohort (optional)",
        CohortHint = "A year, e.g. 2026; left empty, the latest cohort in the index.",
        RegionLabel = "Region (optional)",
        RegionHint = "A GB/T 2260 province or prefecture code, e.g. 410000 (Henan) or 410100 (Zhengzhou); left empty, every region.",
        FormulaLabel = "Placement-rate definition",
        FormulaHint = "The 2024 definition is the default; the 2021 one compares with earlier years.",
        Formula2024 = "2024 definition (default)",
        Formula2021 = "2021 definition",
        AsOfLabel = "As of (optional)",
        AsOfHint = "As year-month-day, e.g. 2026-12-31; left empty, today.",
        Show = "Show the report",
        ReportRequired = "Choose a report.",
        Downloads = "Download",
        DownloadCsv = "Download CSV (for spreadsheets)",
        DownloadJson = "Download JSON (for programs)",
        DownloadHtml = "Download HTML (a standalone page to print)",
        OtherSelection = "Choose another report or selection",
        DeniedTitle = "Your organisation may not compute this report",
        DeniedText = "No data-sharing agreement lets your organisation ({0}) use the data this report needs for the purpose statistics, so it may count no graduate. The refusal is in the audit log.",
        DeniedPurposeText = "This report may only be computed for the purpose statistics, so it may count no graduate. The refusal is in the audit log.",
        DeniedRemedyTitle = "What a steward must record",
        DeniedRemedy = "A data-sharing agreement in force today that names your organisation (credit code {0}) as grantee, the purpose statistics, and the categories the report needs (education, outcomes, hardship and disability).",
        DeniedBasis = "The agreement's type of legal basis decides whom a report counts: statutory duty counts every graduate without their consent; consent counts only the graduates who consented to statistics.",
        DeniedRule = "Audited rule: ",
        NothingTitle = "Nothing to count yet",
        NothingText = "The index holds no graduate yet, so there is no cohort to report on. Once universities have pushed their graduates and the records are merged, reports can be computed.",
        NoSuchReport = "There is no such report.",
        Forbidden = "Your role or scopes do not allow this page. Reports are read by stewards and bureaus with the scope reports:read.",
    };
}
