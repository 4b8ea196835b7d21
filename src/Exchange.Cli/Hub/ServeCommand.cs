using System.CommandLine;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Log;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("serve", "Run the hub (embedded PostgreSQL and log by default; Kafka and an external PostgreSQL by configuration).")
        {
            import, exitAfterImport, source, urls, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = await HubHostBuilder.BuildAsync(parse.GetValue(settings) ?? [], parse.GetValue(urls), cancellationToken);
            await app.StartAsync(cancellationToken);
            var console = AnsiConsole.Console;
            console.MarkupLineInterpolated($"Hub listening on [bold]{string.Join(", ", app.Urls)}[/]; OpenAPI at /openapi/v1.json");

            if (parse.GetValue(import) is { } folder)
            {
                var importer = new SampleImporter(app.Services.GetRequiredService<IngestPipeline>(), app.Services.GetRequiredService<IEventLog>(), console);
                foreach (var file in folder.EnumerateFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal))
                {
                    if (RecordKinds.TryParse(file.Name.Split('.')[0], out var kind))
                        await importer.ImportFileAsync(file, kind, parse.GetValue(source)!, null, cancellationToken);
                }
                await importer.PrintTopicCountsAsync(cancellationToken);
            }

            if (!parse.GetValue(exitAfterImport))
            {
                console.MarkupLine("Press Ctrl+C to stop.");
                await app.WaitForShutdownAsync(cancellationToken);
            }
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
