using System.CommandLine;
using System.Globalization;
using System.Runtime;
using Exchange.Adapters.Ingest;
using Exchange.Core.Hosting;
using Exchange.Core.Model;
using Exchange.Index.Merging;
using Exchange.Index.Queries;
using Exchange.Log;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Exchange.Cli.Hub;

/// <summary>
/// <c>exchange serve</c>: runs the hub — on its own PostgreSQL and embedded log unless a
/// connection string or Kafka is configured — optionally importing a folder of record files first.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var import = new Option<DirectoryInfo?>("--import") { Description = "Import every <kind>.*.json file of this folder (e.g. samples/) before serving" };
        var exitAfterImport = new Option<bool>("--exit-after-import") { Description = "Stop after the import instead of serving" };
        var source = new Option<string>("--source") { Description = "The source organisation recorded for imported records", DefaultValueFactory = _ => "cli-import" };
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen; else the urls setting (--setting urls=…, ASPNETCORE_URLS), else {HubHostBuilder.DefaultUrls}",
        };
        var developmentSignIn = new Option<bool>("--development-sign-in")
        {
            Description = "Let the pages' sign-in form act as any registered client, without a password: refused unless ASPNETCORE_ENVIRONMENT=Development",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = $"Try the pages and the API on this machine: development mode, the development token issuer trusted, the clients {DemoHub.StewardClient}, {DemoHub.UniversityClient} and {DemoHub.BureauClient} registered, and the development sign-in; embedded database only",
        };
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("serve", "Run the hub (embedded PostgreSQL and log by default; Kafka and an external PostgreSQL by configuration).")
        {
            import, exitAfterImport, source, urls, developmentSignIn, demo, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] userSettings = parse.GetValue(settings) ?? [];
            var isDemo = parse.GetValue(demo);
            if (isDemo && DemoHub.Refusal(userSettings) is { } refusal)
            {
                await Console.Error.WriteLineAsync(refusal);
                return 2;
            }
            string[] signIn = parse.GetValue(developmentSignIn) ? [$"{Exchange.Hub.Ui.UiOptions.Section}:DevelopmentSignIn=true"] : [];
            // The demo's settings first, so that the user's own override them.
            string[] demoSettings = isDemo ? await DemoHub.SettingsAsync(cancellationToken) : [];
            await using var app = await HubHostBuilder.BuildAsync([.. demoSettings, .. userSettings, .. signIn], parse.GetValue(urls), cancellationToken,
                developmentMode: isDemo);
            await app.StartOrExplainAsync(cancellationToken);
            var console = AnsiConsole.Console;
            console.MarkupLineInterpolated($"Hub listening on [bold]{string.Join(", ", app.Urls)}[/]; OpenAPI at /openapi/v1.json");
            console.MarkupLineInterpolated($"Garbage collector: {(GCSettings.IsServerGC ? "server" : "workstation")}");
            var pages = $"{app.Urls.First().TrimEnd('/')}/ui";
            console.MarkupLineInterpolated($"Pages at [bold]{pages}[/]");
            if (isDemo)
                PrintDemo(pages);

            if (parse.GetValue(import) is { } folder)
            {
                var importer = new SampleImporter(app.Services.GetRequiredService<IngestPipeline>(), app.Services.GetRequiredService<Exchange.Hub.Ingest.PushRequestReader>(),
                    app.Services.GetRequiredService<Exchange.Adapters.Formats.Csv.CsvRecordReader>(), app.Services.GetRequiredService<IEventLog>(), console);
                foreach (var file in folder.EnumerateFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal))
                {
                    if (RecordKinds.TryParse(file.Name.Split('.')[0], out var kind))
                        await importer.ImportFileAsync(file, kind, new ImportFileOptions(ImportFormat.Json), parse.GetValue(source)!, null, cancellationToken);
                }
                await importer.PrintTopicCountsAsync(cancellationToken);
                await PrintIndexAsync(app.Services, console, cancellationToken);
            }

            if (!parse.GetValue(exitAfterImport))
            {
                console.MarkupLine("Press Ctrl+C to stop.");
                await app.WaitForShutdownAsync(cancellationToken);
            }
            await app.StopAsync(CancellationToken.None);
            // A service that failed after the start stopped the hub (the host logged why): not a clean stop.
            if (BackgroundServiceFailedException.FailuresOf(app.Services) is { Count: > 0 } failures)
            {
                await Console.Error.WriteLineAsync($"error: the hub stopped because a service failed: {BackgroundServiceFailedException.Describe(failures)}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    // Plain lines, not wrapped to the terminal's width, so that the address and the id can be copied whole.
    private static void PrintDemo(string pages)
    {
        Console.WriteLine($"Demo, in development mode: sign in at {pages}/sign-in without a password as the steward {DemoHub.StewardClient},");
        Console.WriteLine($"or as a graduate through {DemoHub.UniversityClient} with a sample graduate's resident id, e.g. {DemoHub.SampleGraduateResidentId}.");
        Console.WriteLine($"API tokens for the same clients: exchange token --client {DemoHub.UniversityClient} --scope \"records:write:graduate index:read\" (docs/ui.md#the-demo).");
    }

    // How long the import waits for the merger to reach the end of the log before it reports the index as it stands.
    private static readonly TimeSpan MergeWait = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the merger has caught up with the import, then prints what the merged index holds.</summary>
    private static async Task PrintIndexAsync(IServiceProvider services, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var lag = services.GetRequiredService<MergerLag>();
        // An instance that does not merge would wait for another that may not be running.
        var merges = services.GetRequiredService<IOptions<MergerOptions>>().Value.Enabled;
        var deadline = DateTimeOffset.UtcNow + (merges ? MergeWait : TimeSpan.Zero);
        long behind;
        while ((behind = (await lag.ReadAsync(cancellationToken)).Sum(l => l.Lag)) > 0 && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);

        var counts = await services.GetRequiredService<IndexCounts>().ReadAsync(cancellationToken);
        var records = string.Join(", ", counts.RecordsByKind.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Value} {k.Key}")));
        // One line, not wrapped to the terminal's width, for scripts that read it.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Merged index: {counts.ActiveSubjects} subject(s), {counts.Jobs} job(s); records in force: {(records.Length == 0 ? "none" : records)}."));
        if (behind > 0 && !merges)
            console.MarkupLineInterpolated($"[yellow]This instance does not merge ({MergerOptions.Section}:Enabled is false): the index is {behind} message(s) behind the log until an instance that merges takes them.[/]");
        else if (behind > 0)
            console.MarkupLineInterpolated($"[yellow]The merger is still {behind} message(s) behind the log; `exchange status` shows where.[/]");
    }
}
