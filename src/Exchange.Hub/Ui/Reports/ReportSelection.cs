using Exchange.Core.Codes;
using Exchange.Hub.Ui.Agreements;
using Exchange.Reporting.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Reports;

/// <summary>
/// The report form's choice as its address carries it: which report, and the report parameters
/// under the names the reports take (<c>cohort</c>, <c>region</c>, <c>formula</c>, <c>asOf</c>).
/// A field left empty is left out, so the report takes its default.
/// </summary>
public sealed class ReportSelection
{
    // The fields' ids, which error messages point at and describe.
    public const string Report = "report";
    public const string Cohort = "cohort";
    public const string Region = "region";
    public const string Formula = "formula";
    public const string AsOf = "as-of";

    /// <summary>The form's fields in the order it shows them.</summary>
    public static readonly string[] FieldOrder = [Report, Cohort, Region, Formula, AsOf];

    [FromQuery(Name = "report")] public string? Name { get; set; }
    [FromQuery(Name = "cohort")] public string? CohortText { get; set; }
    [FromQuery(Name = "region")] public string? RegionText { get; set; }
    [FromQuery(Name = "formula")] public string? FormulaText { get; set; }
    [FromQuery(Name = "asOf")] public string? AsOfText { get; set; }

    /// <summary>The parameters given, by the names <see cref="ReportParameters.Parse"/> takes; empty ones left out.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Parameters()
    {
        foreach (var (name, value) in new[] { ("cohort", CohortText), ("region", RegionText), ("formula", FormulaText), ("asOf", AsOfText) })
        {
            if (!string.IsNullOrWhiteSpace(value))
                yield return new(name, value);
        }
    }

    /// <summary>The parameters of an address's query (the report page's or a download's): every name but <paramref name="except"/>, empty ones left out.</summary>
    public static List<KeyValuePair<string, string?>> Parameters(IQueryCollection query, params string[] except) =>
        [.. query.Where(q => !except.Contains(q.Key, StringComparer.Ordinal) && !string.IsNullOrWhiteSpace(q.Value.ToString()))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))];

    /// <summary>Fills the form from the parameters of a report's address.</summary>
    public static ReportSelection Of(string name, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var given = parameters.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        return new ReportSelection
        {
            Name = name,
            CohortText = given.GetValueOrDefault("cohort"),
            RegionText = given.GetValueOrDefault("region"),
            FormulaText = given.GetValueOrDefault("formula"),
            AsOfText = given.GetValueOrDefault("asOf"),
        };
    }

    /// <summary>Parses the parameters as a report request does, with the hub's shipped region codes.</summary>
    public static (ReportParameters? Parameters, FormProblems Problems) Parse(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        try
        {
            return (ReportParameters.Parse(parameters, CodeListCatalog.Shipped["admin-division"]), new FormProblems { FieldOrder = FieldOrder });
        }
        catch (ReportRequestException e)
        {
            return (null, ProblemsOf(e));
        }
    }

    /// <summary>The reports' coded problems, each on the field its parameter names (one no field names goes to the summary alone).</summary>
    public static FormProblems ProblemsOf(ReportRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problems = new FormProblems { FieldOrder = FieldOrder };
        foreach (var problem in exception.Problems)
            problems.Add(new FormProblem(FieldOf(problem.Parameter), problem.Code, problem.Message, problem.MessageZh));
        return problems;
    }

    /// <summary>The address of a report with these parameters, e.g. <c>/ui/reports/outcomes?cohort=2026</c>.</summary>
    public static string Address(string name, IEnumerable<KeyValuePair<string, string?>> parameters, string? suffix = null, string? format = null)
    {
        var query = parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value ?? "")}").ToList();
        if (format is not null)
            query.Insert(0, "format=" + format);
        var path = UiPaths.Report(name) + suffix;
        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    private static string FieldOf(string? parameter) => parameter switch
    {
        "name" => Report,
        "cohort" => Cohort,
        "region" => Region,
        "formula" => Formula,
        "asOf" => AsOf,
        _ => "",
    };
}
