using Exchange.Access.Agreements;
using Exchange.Access.Enforcement;
using Exchange.Core.Codes;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Exchange.Reporting.Reading;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Exchange.Hub.Reports;

/// <summary>
/// Aggregated reports for bureaus (scope <c>reports:read</c>): the list, and one report computed
/// for the caller and written as JSON, CSV or HTML. The report service has the release service
/// decide whom the caller may count and audit the basis; this endpoint parses and answers.
/// </summary>
internal static class ReportsApi
{
    private const string Statistics = "statistics";

    // What the endpoint itself reads from the query; every other name is a report parameter.
    private static readonly HashSet<string> RequestNames = new(["purpose", "format", "lang"], StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder endpoints)
    {
        var reports = endpoints.MapGroup("/v1/reports").RequireAuthorization(AccessPolicies.ReportsReader).WithTags("Reports");
        reports.MapGet("/", List)
            .WithSummary("The reports: name, titles in Chinese and English, the parameters each takes, and links");
        reports.MapGet("/{name}", ReadAsync)
            .WithSummary("One report, computed for the caller from what its agreements allow it to count: purpose=statistics, cohort, region, formula, asOf; format=json|csv|html (else Accept), lang=zh|en (else Accept-Language)")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: "application/json", "text/csv", "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound)
            // Nothing the caller's agreements let it count.
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    internal static Ok<ReportListResponse> List() => TypedResults.Ok(new ReportListResponse(
        [.. ReportService.Catalogue.Select(r => new ReportSummary(r.Name, new ReportTitles(r.Title.Zh, r.Title.En), Parameters, Links(r.Name)))]));

    private static readonly IReadOnlyList<ReportParameterInfo> Parameters =
    [
        .. ReportParameters.Names.Select(name => name switch
        {
            "cohort" => new ReportParameterInfo(name, "The graduating cohort (a year); default the latest in the index.", "2026"),
            "region" => new ReportParameterInfo(name, "A GB/T 2260 province or prefecture code: only graduates from it, its parts as rows; default every region.", "410000"),
            "formula" => new ReportParameterInfo(name, "The placement-rate definition, 2024 or 2021; default 2024.", "2024"),
            "asOf" => new ReportParameterInfo(name, "The day follow-ups and certifications are judged on, yyyy-MM-dd; default today (UTC+8).", "2026-12-31"),
            _ => new ReportParameterInfo(name, "", ""),
        }),
    ];

    private static ReportLinks Links(string name) => new(
        $"/v1/reports/{name}?purpose={Statistics}&format=json", $"/v1/reports/{name}?purpose={Statistics}&format=csv", $"/v1/reports/{name}?purpose={Statistics}&format=html");

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ReadAsync(
        string name, HttpContext context, ReportService reports, ReportFormats formats, ReleaseService release, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = context.RequireClient();
        var action = AuditedRequest.Action(context);
        var query = context.Request.Query;
        if (!DataCategories.TryParsePurpose(query["purpose"].ToString(), out var purpose))
        {
            return await PurposeRequired.RefuseAsync(release, caller, action, clock.GetUtcNow(), cancellationToken,
                "Declare the purpose of the read: reports are read for purpose=statistics.");
        }

        if (!ReportService.Catalogue.Any(r => r.Name == name))
            return Problem(StatusCodes.Status404NotFound, "Unknown report", [ReportProblems.UnknownReport(name)]);

        var problems = new List<ReportProblem>();
        var format = Format(context, problems);
        var language = Language(context, problems);
        ReportParameters? parameters = null;
        try
        {
            problems.AddRange(Repeated(query));
            parameters = ReportParameters.Parse(
                query.Where(q => !RequestNames.Contains(q.Key)).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.LastOrDefault())),
                CodeListCatalog.Shipped["admin-division"]);
        }
        catch (ReportRequestException refused)
        {
            problems.AddRange(refused.Problems);
        }
        if (problems.Count > 0 || parameters is null)
            return Invalid(problems);

        ReportDocument document;
        try
        {
            document = await reports.RunAsync(name, parameters, caller, purpose, action, cancellationToken);
        }
        catch (ReportDeniedException denied)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: ReportProblems.DeniedMessage(denied.Rule), type: ProblemTypes.For("report.denied"),
                extensions: new Dictionary<string, object?>
                {
                    ["rule"] = denied.Rule,
                    ["problems"] = new[] { ReportProblems.Denied(denied.Rule) },
                });
        }
        catch (ReportRequestException refused) when (refused.Problems.Any(p => p.Code == ReportProblem.NothingToCount))
        {
            return Problem(StatusCodes.Status409Conflict, "Nothing to count", refused.Problems);
        }
        catch (ReportRequestException refused) when (refused.Problems.Any(p => p.Code == ReportProblem.UnknownReport))
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown report", refused.Problems);
        }
        catch (ReportRequestException refused)
        {
            return Invalid(refused.Problems);
        }

        var writer = formats.Writer(format);
        using var buffer = new MemoryStream();
        await writer.WriteAsync(document, buffer, language, cancellationToken);
        context.Response.Headers.ContentLanguage = ReportFormats.Tag(language);
        context.Response.Headers.Vary = "Accept, Accept-Language";
        return TypedResults.File(buffer.ToArray(), writer.MediaType,
            fileDownloadName: format == ReportFormat.Csv ? ReportFormats.FileName(document, writer) : null);
    }

    private static ReportFormat Format(HttpContext context, List<ReportProblem> problems)
    {
        var named = context.Request.Query["format"];
        if (named.Count == 0)
            return ReportFormats.FromAccept(context.Request.GetTypedHeaders().Accept.Select(a => (a.MediaType.ToString(), a.Quality ?? 1)));
        if (ReportFormats.TryParseFormat(named.ToString(), out var format))
            return format;
        problems.Add(ReportProblems.Invalid("format", named.ToString(), "json, csv or html", "json、csv 或 html"));
        return ReportFormat.Json;
    }

    private static ReportLanguage Language(HttpContext context, List<ReportProblem> problems)
    {
        var named = context.Request.Query["lang"];
        if (named.Count == 0)
            return ReportFormats.FromAcceptLanguage(context.Request.GetTypedHeaders().AcceptLanguage.Select(a => (a.Value.ToString(), a.Quality ?? 1)));
        if (ReportFormats.TryParseLanguage(named.ToString(), out var language))
            return language;
        problems.Add(ReportProblems.Invalid("lang", named.ToString(), "zh or en", "zh 或 en"));
        return ReportLanguage.Zh;
    }

    // A parameter given twice is not guessed at: the request names which one it means.
    private static IEnumerable<ReportProblem> Repeated(IQueryCollection query) => query
        .Where(q => q.Value.Count > 1)
        .Select(q => new ReportProblem(ReportProblem.InvalidParameter, q.Key,
            $"{q.Key} is given {q.Value.Count} times; give it once.", $"参数 {q.Key} 出现了 {q.Value.Count} 次；只能给出一次。"));

    private static ValidationProblem Invalid(IReadOnlyList<ReportProblem> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(p => p.Parameter ?? "").ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        detail: string.Join(" ", problems.Select(p => p.Message)),
        title: "The report request is not valid",
        type: ProblemTypes.For(problems.Select(p => p.Code).Distinct().Count() == 1 ? problems[0].Code : ReportProblem.InvalidParameter),
        extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(ToDto).ToList() });

    private static ProblemHttpResult Problem(int status, string title, IReadOnlyList<ReportProblem> problems) => TypedResults.Problem(
        statusCode: status, title: title, detail: string.Join(" ", problems.Select(p => p.Message)), type: ProblemTypes.For(problems[0].Code),
        extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(ToDto).ToList() });

    private static ReportProblemDto ToDto(ReportProblem problem) => new(problem.Code, problem.Parameter, problem.Message, problem.MessageZh);
}
