using System.CommandLine;
using Exchange.Adapters;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Hub;
using Exchange.Log;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Exchange.Cli.Hub;

/// <summary><c>exchange import FILE --kind K</c>: ingest a JSON-array or NDJSON file through the hub's ingest path.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON array of records, or NDJSON" };
        var kind = new Option<string>("--kind", "-k") { Description = "Record kind", Required = true };
        var source = new Option<string>("--source") { Description = "The source organisation recorded for the records", DefaultValueFactory = _ => "cli-import" };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write rejected records (CSV); default FILE.rejected.csv" };
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("import", "Validate, pseudonymise and append a file of records to the event log, with a progress bar and an outcome summary.")
        {
            file, kind, source, report, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!RecordKinds.TryParse(parse.GetValue(kind), out var recordKind))
            {
                Console.Error.WriteLine($"error input.unknown-kind: '{parse.GetValue(kind)}' is not a record kind.");
                return 2;
            }
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"error input.file-missing: '{input.FullName}' does not exist.");
                return 2;
            }

            // The parts alone: no web application, no pull adapters.
            await using var app = await HubHostBuilder.BuildPartsAsync(parse.GetValue(settings) ?? [], async builder =>
            {
                await builder.AddDatabaseAndSecretsAsync(cancellationToken);
                builder.AddEventLog();
                builder.AddIngest(pullAdapters: false);
            }, cancellationToken);
            var log = app.Services.GetRequiredService<IEventLog>();
            await log.EnsureStandardTopicsAsync(cancellationToken);
            var importer = new SampleImporter(app.Services.GetRequiredService<IngestPipeline>(), log, AnsiConsole.Console);
            var result = await importer.ImportFileAsync(input, recordKind, parse.GetValue(source)!,
                parse.GetValue(report) ?? new FileInfo(input.FullName + ".rejected.csv"), cancellationToken);
            await importer.PrintTopicCountsAsync(cancellationToken);
            return result.Rejected == 0 ? 0 : 1;
        });
        return command;
    }
}
