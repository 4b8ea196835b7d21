using System.Globalization;
using Exchange.Core.Codes;

namespace Exchange.Reporting.Statistics;

/// <summary>Which placement-rate definition a report counts by.</summary>
public enum PlacementFormula
{
    /// <summary>The 2024 definition: unit employment, entrepreneurship, freelance work and further study.</summary>
    Moe2024,

    /// <summary>The 2021 definition: agreement or contract employment, entrepreneurship, flexible employment and further study.</summary>
    Moe2021,
}

/// <summary>
/// The selection a report is computed for. Every parameter is optional: by default the latest
/// cohort in the index, every region, the 2024 placement-rate definition, and today.
/// </summary>
/// <param name="Cohort">The graduating cohort (毕业届别), or null for the latest one present.</param>
/// <param name="Region">A GB/T 2260 province or prefecture code: only graduates from it, with its parts as rows.</param>
/// <param name="Formula">The placement-rate definition.</param>
/// <param name="AsOf">The day follow-ups and certifications are judged on; null for today.</param>
public sealed record ReportParameters(int? Cohort, string? Region, PlacementFormula Formula, DateOnly? AsOf)
{
    public static ReportParameters Default { get; } = new(null, null, PlacementFormula.Moe2024, null);

    /// <summary>The names a request may give, as query parameters and CLI options.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cohort", "region", "formula", "asOf"];

    /// <summary>Parses named parameters; every problem is reported at once, none is guessed.</summary>
    public static ReportParameters Parse(IEnumerable<KeyValuePair<string, string?>> values, CodeList regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var problems = new List<ReportProblem>();
        int? cohort = null;
        string? region = null;
        var formula = PlacementFormula.Moe2024;
        DateOnly? asOf = null;
        foreach (var (name, raw) in values)
        {
            var value = raw?.Trim() ?? "";
            switch (name)
            {
                case "cohort":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1950 and <= 2100)
                        cohort = year;
                    else
                        problems.Add(Invalid(name, value, "a year such as 2026", "年份，例如 2026"));
                    break;
                case "region":
                    if (value.Length == 6 && regions.Find(value) is { Level: "province" or "prefecture" })
                        region = value;
                    else
                        problems.Add(Invalid(name, value, "a GB/T 2260 province or prefecture code such as 410000 or 410100", "GB/T 2260 省级或地级区划代码，例如 410000 或 410100"));
                    break;
                case "formula":
                    if (value == "2024")
                        formula = PlacementFormula.Moe2024;
                    else if (value == "2021")
                        formula = PlacementFormula.Moe2021;
                    else
                        problems.Add(Invalid(name, value, "2024 or 2021", "2024 或 2021"));
                    break;
                case "asOf":
                    if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                        asOf = day;
                    else
                        problems.Add(Invalid(name, value, "a date as yyyy-MM-dd", "日期，格式 yyyy-MM-dd"));
                    break;
                default:
                    problems.Add(new ReportProblem(ReportProblem.UnknownParameter, name,
                        $"'{name}' is not a report parameter; use {string.Join(", ", Names)}.",
                        $"“{name}”不是报表参数；可用参数：{string.Join("、", Names)}。"));
                    break;
            }
        }

        if (problems.Count > 0)
            throw new ReportRequestException(problems);
        return new ReportParameters(cohort, region, formula, asOf);
    }

    /// <summary>The parameters as a report document names them.</summary>
    public IReadOnlyDictionary<string, string> Describe(int cohort, DateOnly asOf)
    {
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["cohort"] = cohort.ToString(CultureInfo.InvariantCulture),
            ["formula"] = Formula == PlacementFormula.Moe2021 ? "2021" : "2024",
            ["asOf"] = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (Region is not null)
            described["region"] = Region;
        return described;
    }

    private static ReportProblem Invalid(string name, string value, string expected, string expectedZh) => new(
        ReportProblem.InvalidParameter, name, $"{name} '{value}' is not valid: give {expected}.", $"参数 {name} 的值“{value}”无效：应为{expectedZh}。");
}
