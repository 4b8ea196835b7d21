namespace Exchange.Hub.Reports;

/// <summary>The reports a caller may ask for.</summary>
public sealed record ReportListResponse(IReadOnlyList<ReportSummary> Reports);

/// <summary>One report: its stable name, its title in both languages, the parameters it takes and where to read it.</summary>
public sealed record ReportSummary(string Name, ReportTitles Titles, IReadOnlyList<ReportParameterInfo> Parameters, ReportLinks Links);

/// <summary>A title in Chinese and English.</summary>
public sealed record ReportTitles(string Zh, string En);

/// <summary>A query parameter of a report: its name, what it takes, and an example value.</summary>
public sealed record ReportParameterInfo(string Name, string Description, string Example);

/// <summary>The report read for the purpose statistics, in each format.</summary>
public sealed record ReportLinks(string Json, string Csv, string Html);

/// <summary>One problem with a report request, in English and Chinese; <c>parameter</c> names the query parameter at fault.</summary>
public sealed record ReportProblemDto(string Code, string? Parameter, string Message, string MessageZh);
