using System.CommandLine;
using Exchange.Adapters;
using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Hub;
using Exchange.Hub.Ingest;
using Exchange.Log;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Exchange.Cli.Hub;

/// <summary>
/// <c>exchange import FILE --kind K</c>: ingest a file through the hub's ingest path, read as the
/// push API reads a body — a JSON array, NDJSON, CSV or a FHIR R4 Bundle. Exits 0 when every
/// record was accepted or a duplicate, 1 when some were rejected, 2 when the input cannot be used.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A file of records: a JSON array, NDJSON, CSV, or (certifications and consents) a FHIR R4 Bundle" };
        var kind = new Option<string>("--kind", "-k") { Description = "Record kind", Required = true };
        var format = new Option<string?>("--format")
        {
            Description = "json, ndjson, csv or fhir; default from the extension (.json, .ndjson/.jsonl, .csv, .fhir.json)",
        };
        format.AcceptOnlyFromAmong([.. ImportFileOptions.FormatNames]);
        var profile = new Option<string?>("--profile") { Description = "CSV: the mapping profile; default the profile of the kind that knows the most headers" };
        var charset = new Option<string?>("--charset") { Description = "The file's charset (e.g. GBK); CSV defaults to UTF-8, else GB18030; JSON and NDJSON to UTF-8" };
        var source = new Option<string>("--source") { Description = "The source organisation recorded for the records", DefaultValueFactory = _ => "cli-import" };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write rejected records (CSV); default FILE.rejected.csv" };
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("import", "Validate, pseudonymise and append a file of records to the event log, with a progress bar and an outcome summary.")
        {
            file, kind, format, profile, charset, source, report, settings,
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
            var chosen = ImportFileOptions.Parse(parse.GetValue(format)) ?? ImportFileOptions.FromFileName(input.Name);
            if (chosen is null)
            {
                Console.Error.WriteLine($"error input.unknown-format: the format of '{input.Name}' is not known from its extension; give --format {string.Join('|', ImportFileOptions.FormatNames)}.");
                return 2;
            }
            var how = new ImportFileOptions(chosen.Value, parse.GetValue(profile), parse.GetValue(charset));
            if (how.Refusal(recordKind) is { } refusal)
            {
                Console.Error.WriteLine($"error input.unsupported-format: {refusal}");
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
            var importer = new SampleImporter(app.Services.GetRequiredService<IngestPipeline>(),
                new PushRequestReader(app.Services.GetRequiredService<CsvRecordReader>()), app.Services.GetRequiredService<CsvRecordReader>(),
                log, AnsiConsole.Console);
            var imported = await importer.ImportFileAsync(input, recordKind, how, parse.GetValue(source)!,
                parse.GetValue(report) ?? new FileInfo(input.FullName + ".rejected.csv"), cancellationToken);
            await importer.PrintTopicCountsAsync(cancellationToken);

            if (imported.Unreadable is { } problem)
            {
                Console.Error.WriteLine($"error {problem.Code}: nothing was imported from '{input.Name}'.");
                return 2;
            }
            if (imported.EveryRecordRejected)
                Console.Error.WriteLine($"error import.all-rejected: every record of '{input.Name}' was rejected; the report names why.");
            return imported.Result.Rejected == 0 ? 0 : 1;
        });
        return command;
    }
}
