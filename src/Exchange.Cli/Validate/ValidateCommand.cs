using System.CommandLine;
using Exchange.Core.Batches;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Cli.Validate;

/// <summary><c>exchange validate FILE... [--kind K]</c>: validate JSON-array or NDJSON files of records.</summary>
internal static class ValidateCommand
{
    /// <summary>Largest file read whole into memory.</summary>
    private const long MaxFileBytes = 1L << 30;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file")
        {
            Description = "Files holding a JSON array of records, or NDJSON (one record per line), UTF-8",
            Arity = ArgumentArity.OneOrMore,
        };
        var kind = new Option<string?>("--kind", "-k")
        {
            Description = "Record kind: graduate, vacancy, certification, policy, service, placement, consent or feedback; " +
                "when left out, taken from each file name's first part, e.g. graduate.valid.json",
        };
        var format = new Option<OutputFormat>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => OutputFormat.Table };

        var command = new Command("validate", "Validate records against the published schema and the business rules; exit 0 only when every record of every file is valid.")
        {
            files, kind, format,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(files)!, parse.GetValue(kind), parse.GetValue(format), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo[] files, string? kindName, OutputFormat format, CancellationToken cancellationToken)
    {
        var report = new ValidationReport(format, Console.Out);
        RecordValidator? validator = null;
        var exitCode = ExitCodes.AllValid;
        foreach (var file in files)
        {
            validator ??= await RecordValidator.CreateShippedAsync(cancellationToken);
            var fileExit = await ValidateFileAsync(validator, file, kindName ?? file.Name.Split('.')[0], report, cancellationToken);
            exitCode = Math.Max(exitCode, fileExit);
        }
        return exitCode;
    }

    private static async Task<int> ValidateFileAsync(RecordValidator validator, FileInfo file, string kindName, ValidationReport report,
        CancellationToken cancellationToken)
    {
        if (!RecordKinds.TryParse(kindName, out var kind))
        {
            report.WriteUsageProblem(new Problem("", ProblemCodes.InputUnknownKind,
                $"'{kindName}' is not a record kind; use one of {string.Join(", ", RecordKinds.All.Select(k => k.Name()))}.",
                $"“{kindName}”不是有效的记录类型。"));
            return ExitCodes.Usage;
        }
        if (!file.Exists)
        {
            report.WriteUsageProblem(new Problem("", "input.file-missing", $"File '{file.FullName}' does not exist.", $"文件“{file.FullName}”不存在。"));
            return ExitCodes.Usage;
        }
        if (file.Length > MaxFileBytes)
        {
            report.WriteUsageProblem(new Problem("", ProblemCodes.InputTooLarge, $"File is {file.Length} bytes; validate files of at most 1 GiB.", $"文件大小为 {file.Length} 字节；只能校验不超过 1 GiB 的文件。"));
            return ExitCodes.Usage;
        }

        var content = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        var outcome = new BatchValidator(validator).Validate(kind, content);
        report.Write(file.Name, kind, outcome);
        return outcome.AllValid ? ExitCodes.AllValid : ExitCodes.SomeInvalid;
    }
}

internal enum OutputFormat
{
    Table,
    Json,
}

internal static class ExitCodes
{
    public const int AllValid = 0;
    public const int SomeInvalid = 1;
    public const int Usage = 2;
}
