using System.CommandLine;
using System.Diagnostics;
using Exchange.Index.Resolution;
using Exchange.Index.Resolution.Settings;
using Exchange.Index.Resolution.Training;

namespace Exchange.Cli.Link;

/// <summary>
/// <c>exchange link FILE... [--settings S] [--model M] [--out DIR] [--format csv|ndjson]</c>: entity resolution offline over CSV or NDJSON
/// files, e.g. to deduplicate a legacy ledger before loading it. Exit 0 when done; 2 for bad settings
/// or input (each problem one JSON line on standard error; rows that could be read are still resolved
/// and written, the others listed in rejected.ndjson).
/// </summary>
internal static class LinkCommand
{
    public const int Done = 0;
    public const int BadInput = 2;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file")
        {
            Description = "CSV or NDJSON files of records; with link-type link each file is a source unless input.sourceColumn says otherwise",
            Arity = ArgumentArity.OneOrMore,
        };
        var settings = new Option<FileInfo?>("--settings", "-s")
        {
            Description = "Resolution settings (JSON): fields and their columns, comparisons, blocking, training, thresholds (docs/merge.md); default: the shipped graduate settings",
        };
        var model = new Option<FileInfo?>("--model")
        {
            Description = "A model saved by an earlier run (its model.json): score with it instead of training; its settings are used unless --settings is given for the input columns",
        };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Folder for clusters, pairs, model.json and summary.json",
            DefaultValueFactory = _ => new DirectoryInfo("link-output"),
        };
        var format = new Option<string>("--format")
        {
            Description = "csv (default) or ndjson, for clusters and pairs",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "ndjson");

        var command = new Command("link", "Resolve entities offline: cluster the records of CSV or NDJSON files and write the clusters and the scored pairs with their evidence.")
        {
            files, settings, model, output, format,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(files)!, parse.GetValue(settings), parse.GetValue(model), parse.GetValue(output)!, parse.GetValue(format)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo[] files, FileInfo? settingsFile, FileInfo? modelFile, DirectoryInfo output, string format,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ResolutionSchema schema;
        ResolutionModel? model = null;
        try
        {
            if (settingsFile is { Exists: false })
                return Fail(new LinkProblem(LinkProblem.SettingsMissing, $"Settings file '{settingsFile.FullName}' does not exist.", settingsFile.Name));
            if (modelFile is { Exists: false })
                return Fail(new LinkProblem(LinkProblem.SettingsMissing, $"Model file '{modelFile.FullName}' does not exist.", modelFile.Name));
            if (modelFile is not null)
                model = ResolutionModel.FromJson(await File.ReadAllTextAsync(modelFile.FullName, cancellationToken));
            schema = settingsFile is not null
                ? ResolutionSchema.Compile(ResolutionSettings.Parse(await File.ReadAllTextAsync(settingsFile.FullName, cancellationToken)))
                : model?.Schema ?? ResolutionSchema.Compile(ResolutionSettings.Graduate());
        }
        catch (ResolutionSettingsException e)
        {
            foreach (var problem in e.Problems)
                await Console.Error.WriteLineAsync(new LinkProblem(problem.Code, problem.Message, settingsFile?.Name ?? modelFile?.Name, Path: problem.Path).ToJson());
            return BadInput;
        }
        if (model is not null && !model.Schema.FieldNames.SequenceEqual(schema.FieldNames))
            return Fail(new LinkProblem(SettingsProblem.Codes.ModelMismatch, "The settings declare other fields than the model was trained on."));

        if (model is null && schema.Settings.Training.Rules.Count == 0)
            return Fail(new LinkProblem(SettingsProblem.Codes.Missing,
                "The settings have no training rules to estimate m by; add training.rules or give --model.", settingsFile?.Name, Path: "$.training.rules"));

        var input = new LinkInput(schema);
        for (var i = 0; i < files.Length; i++)
        {
            if (input.Read(files[i], i) is { } stop)
                return Fail(stop);
        }
        foreach (var rejected in input.Rejected)
            await Console.Error.WriteLineAsync(rejected.ToJson());
        if (input.Records.Count < 2)
        {
            await Console.Error.WriteLineAsync(new LinkProblem("input.too-few-records", $"{input.Records.Count} record(s) could be read; linking needs at least two.").ToJson());
            return BadInput;
        }

        var result = ResolutionEngine.Resolve(schema, input.Records, model);
        string summary;
        try
        {
            summary = await LinkOutput.WriteAsync(result, input.Rejected, clock.Elapsed, output.FullName, format, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(new LinkProblem("output.unwritable", $"Cannot write to '{output.FullName}': {e.Message}"));
        }
        await Console.Out.WriteLineAsync(summary);
        return input.Rejected.Count > 0 ? BadInput : Done;
    }

    private static int Fail(LinkProblem problem)
    {
        Console.Error.WriteLine(problem.ToJson());
        return BadInput;
    }
}
