using System.CommandLine;
using Exchange.Access;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Cli.Hub;
using Exchange.Core.Codes;
using Exchange.Hub;
using Exchange.Reporting;
using Exchange.Reporting.Reading;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Exchange.Cli.Reports;

/// <summary>
/// <c>exchange report NAME --client ID [--format json|csv|html] [--cohort N] [--region CODE] [--formula 2024|2021]
/// [--as-of yyyy-MM-dd] [--lang zh|en] [--out FILE]</c>: compute a report for a registered client
/// on the hub's database, judged and audited by the release service as that client with the
/// purpose statistics, and write it to standard output or a file. <c>exchange report</c> alone (or
/// <c>--list</c>) lists the reports.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The report was written.</summary>
    public const int Written = 0;

    /// <summary>Nothing was written for a reason other than those below (an empty document).</summary>
    public const int NothingWritten = 1;

    /// <summary>The request does not fit: an unknown client or report, a bad parameter, format or language.</summary>
    public const int BadRequest = 2;

    /// <summary>The release service refused the read; the rule is printed.</summary>
    public const int Denied = 3;

    /// <summary>The index holds no graduate yet, so there is nothing to count.</summary>
    public const int NothingToCount = 4;

    /// <summary>The audited action of a read through this command.</summary>
    public const string Action = "exchange report";

    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "The report, e.g. outcomes; without it the reports are listed", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the reports and the parameters they take" };
        var client = new Option<string?>("--client") { Description = "The registered client (Exchange:Clients) the report is read as" };
        var issuer = new Option<string?>("--issuer") { Description = "The client's issuer, when its id is registered under several" };
        var format = new Option<string>("--format") { Description = "json, csv or html", DefaultValueFactory = _ => "json" };
        var cohort = new Option<string?>("--cohort") { Description = "The graduating cohort, e.g. 2026; default the latest in the index" };
        var region = new Option<string?>("--region") { Description = "A GB/T 2260 province or prefecture code, e.g. 410000; default every region" };
        var formula = new Option<string?>("--formula") { Description = "The placement-rate definition: 2024 (default) or 2021" };
        var asOf = new Option<string?>("--as-of") { Description = "The day follow-ups and certifications are judged on, yyyy-MM-dd; default today (UTC+8)" };
        var lang = new Option<string>("--lang") { Description = "zh or en", DefaultValueFactory = _ => "zh" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of standard output" };
        var demo = new Option<bool>("--demo") { Description = "Read as one of the demo hub's clients (exchange serve --demo), e.g. --client zz-bureau; embedded database only" };
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("report", "Compute a report for a registered client (purpose statistics, audited) and write it as JSON, CSV or HTML; without a name, list the reports.")
        {
            name, list, client, issuer, format, cohort, region, formula, asOf, lang, output, demo, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var reportName = parse.GetValue(name);
            if (parse.GetValue(list) || reportName is null)
            {
                await PrintCatalogueAsync(parse.InvocationConfiguration.Output);
                return Written;
            }

            var problems = new List<ReportProblem>();
            if (!ReportService.Catalogue.Any(r => r.Name == reportName))
                problems.Add(ReportProblems.UnknownReport(reportName));
            if (!ReportFormats.TryParseFormat(parse.GetValue(format), out var chosenFormat))
                problems.Add(ReportProblems.Invalid("format", parse.GetValue(format)!, "json, csv or html", "json、csv 或 html"));
            if (!ReportFormats.TryParseLanguage(parse.GetValue(lang), out var language))
                problems.Add(ReportProblems.Invalid("lang", parse.GetValue(lang)!, "zh or en", "zh 或 en"));
            var parameters = Parameters(problems, ("cohort", parse.GetValue(cohort)), ("region", parse.GetValue(region)),
                ("formula", parse.GetValue(formula)), ("asOf", parse.GetValue(asOf)));

            string[] userSettings = parse.GetValue(settings) ?? [];
            if (parse.GetValue(demo) && DemoHub.Refusal(userSettings) is { } refusal)
            {
                await error.WriteLineAsync($"error: {refusal}");
                return BadRequest;
            }
            string[] allSettings = parse.GetValue(demo) ? [.. await DemoHub.SettingsAsync(cancellationToken), .. userSettings] : userSettings;
            ClientIdentity? caller = null;
            if (parse.GetValue(client) is not { Length: > 0 } clientId)
                problems.Add(new ReportProblem(ReportProblems.UnknownClientCode, "client", "Name the registered client to read as: --client ID.", "请用 --client 指定以哪个已登记的客户端读取。"));
            else if (!Callers(allSettings).TryFind(clientId, parse.GetValue(issuer), out caller, out var unknown))
                problems.Add(new ReportProblem(ReportProblems.UnknownClientCode, "client", unknown!, $"客户端“{clientId}”未登记（Exchange:Clients）。"));
            if (problems.Count > 0 || parameters is null)
            {
                await PrintAsync(error, problems);
                return BadRequest;
            }

            try
            {
                return await ReadAsync(allSettings, reportName, parameters, caller!, chosenFormat, language, parse.GetValue(output), error, cancellationToken);
            }
            catch (NpgsqlException exception)
            {
                // The message only: a connection string in a stack trace could carry a password.
                await error.WriteLineAsync($"error: report could not reach the hub's database: {exception.Message}");
                return BadRequest;
            }
        });
        return command;
    }

    private static async Task<int> ReadAsync(string[] settings, string reportName, ReportParameters parameters, ClientIdentity caller, ReportFormat chosenFormat,
        ReportLanguage language, FileInfo? output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var app = await HubHostBuilder.BuildPartsAsync(settings, async builder =>
        {
            await builder.AddDatabaseAndSecretsAsync(cancellationToken, joinRunningEmbeddedServer: true);
            builder.AddRelease();
            builder.AddReports();
        }, cancellationToken);

        if (!caller.Has(Scopes.ReportsRead))
        {
            // Refused like a token without the scope, and audited the same way.
            await app.Services.GetRequiredService<IAuditLog>().AppendAsync(new AuditRecord(TimeProvider.System.GetUtcNow(), caller.ClientId, caller.Organisation,
                Purpose.Statistics.Name(), "", Action, ["report/" + reportName], "deny", "scope.missing"), cancellationToken);
            await PrintAsync(error, [ReportProblems.Denied("scope.missing")]);
            return Denied;
        }

        ReportDocument document;
        try
        {
            document = await app.Services.GetRequiredService<ReportService>().RunAsync(reportName, parameters, caller, Purpose.Statistics, Action, cancellationToken);
        }
        catch (ReportDeniedException denied)
        {
            await PrintAsync(error, [ReportProblems.Denied(denied.Rule)]);
            return Denied;
        }
        catch (ReportRequestException refused)
        {
            await PrintAsync(error, refused.Problems);
            return refused.Problems.Any(p => p.Code == ReportProblem.NothingToCount) ? NothingToCount : BadRequest;
        }

        var writer = app.Services.GetRequiredService<ReportFormats>().Writer(chosenFormat);
        using var buffer = new MemoryStream();
        await writer.WriteAsync(document, buffer, language, cancellationToken);
        if (buffer.Length == 0)
        {
            await error.WriteLineAsync("error report.empty: the writer produced nothing; nothing was written.");
            return NothingWritten;
        }
        if (output is { } file)
        {
            await File.WriteAllBytesAsync(file.FullName, buffer.ToArray(), cancellationToken);
            await error.WriteLineAsync($"{document.Name}: {buffer.Length} bytes written to {file.FullName} ({document.Basis.SubjectsCounted} graduates counted, {document.Disclosure.SuppressedCells} cells hidden).");
        }
        else
        {
            await using var stdout = Console.OpenStandardOutput();
            buffer.Position = 0;
            await buffer.CopyToAsync(stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
        }
        return Written;
    }

    private static ReportParameters? Parameters(List<ReportProblem> problems, params (string Name, string? Value)[] given)
    {
        try
        {
            return ReportParameters.Parse(given.Where(g => g.Value is not null).Select(g => new KeyValuePair<string, string?>(g.Name, g.Value)),
                CodeListCatalog.Shipped["admin-division"]);
        }
        catch (ReportRequestException refused)
        {
            // The command's options by the names a user typed.
            problems.AddRange(refused.Problems.Select(p => p.Parameter == "asOf" ? p with { Parameter = "as-of" } : p));
            return null;
        }
    }

    // The clients as the hub would register them, read before anything starts so that an unknown one costs nothing.
    private static ReportCallers Callers(string[] settings)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(HubHostBuilder.Pairs(settings)).Build();
        return new ReportCallers(configuration.GetSection(ClientRegistration.SectionName).Get<List<ClientRegistration>>() ?? []);
    }

    private static async Task PrintAsync(TextWriter error, IEnumerable<ReportProblem> problems)
    {
        foreach (var problem in problems)
            await error.WriteLineAsync($"error {problem.Code}{(problem.Parameter is null ? "" : " " + problem.Parameter)}: {problem.Message} {problem.MessageZh}");
    }

    private static async Task PrintCatalogueAsync(TextWriter output)
    {
        foreach (var (reportName, title) in ReportService.Catalogue)
            await output.WriteLineAsync($"{reportName,-16} {title.Zh} / {title.En}");
        await output.WriteLineAsync();
        await output.WriteLineAsync("Parameters: --cohort N, --region CODE, --formula 2024|2021, --as-of yyyy-MM-dd; --format json|csv|html, --lang zh|en, --out FILE.");
        await output.WriteLineAsync("Read one: exchange report NAME --client CLIENT_ID [--format csv] [--out FILE]");
    }
}
