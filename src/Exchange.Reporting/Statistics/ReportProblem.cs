namespace Exchange.Reporting.Statistics;

/// <summary>Why a report request cannot be answered, with a stable code a client programs against.</summary>
/// <param name="Code">E.g. <c>report.unknown</c>.</param>
/// <param name="Parameter">The parameter at fault, or null.</param>
/// <param name="Message">What is wrong, in English.</param>
/// <param name="MessageZh">The same in Chinese.</param>
public sealed record ReportProblem(string Code, string? Parameter, string Message, string MessageZh)
{
    public const string UnknownReport = "report.unknown";
    public const string InvalidParameter = "report.parameter-invalid";
    public const string UnknownParameter = "report.parameter-unknown";
    public const string NothingToCount = "report.nothing-to-count";
}

/// <summary>A report request that names no report, or gives parameters the report cannot take.</summary>
public sealed class ReportRequestException(IReadOnlyList<ReportProblem> problems)
    : Exception(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<ReportProblem> Problems { get; } = problems;
}
