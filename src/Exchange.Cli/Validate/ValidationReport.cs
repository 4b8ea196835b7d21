using System.Globalization;
using System.Text.Json;
using Exchange.Core.Batches;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Spectre.Console;

namespace Exchange.Cli.Validate;

/// <summary>Prints a batch's outcome as a table for people or as JSON for scripts.</summary>
internal sealed class ValidationReport(OutputFormat format, TextWriter output)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void WriteUsageProblem(Problem problem)
    {
        if (format == OutputFormat.Json)
            output.WriteLine(JsonSerializer.Serialize(new { problem }, s_json));
        else
            Console.Error.WriteLine($"error {problem.Code}: {problem.Message}");
    }

    public void Write(string fileName, RecordKind kind, BatchOutcome outcome)
    {
        if (format == OutputFormat.Json)
            WriteJson(fileName, kind, outcome);
        else
            WriteTable(fileName, kind, outcome);
    }

    private void WriteJson(string fileName, RecordKind kind, BatchOutcome outcome)
    {
        var document = new
        {
            file = fileName,
            kind = kind.Name(),
            batchProblem = outcome.BatchProblem,
            records = outcome.Records.Select(r => new
            {
                index = r.Index,
                line = r.Line,
                recordId = r.RecordId,
                valid = r.Result.IsValid,
                problems = r.Result.Problems,
            }),
            summary = Summary(outcome),
        };
        output.WriteLine(JsonSerializer.Serialize(document, s_json));
    }

    private void WriteTable(string fileName, RecordKind kind, BatchOutcome outcome)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Piped into a file or a CI log there is no terminal width; problems need room to stay readable.
        if (Console.IsOutputRedirected)
            console.Profile.Width = 200;
        var table = new Table().Title($"{Markup.Escape(fileName)} ({kind.Name()})")
            .AddColumn("#").AddColumn("line").AddColumn("recordId").AddColumn("result").AddColumn("problems");
        foreach (var record in outcome.Records)
        {
            var problems = string.Join("\n", record.Result.Problems.Select(p =>
                $"{p.Code} at {(p.Pointer.Length == 0 ? "/" : p.Pointer)}: {p.Message}"));
            table.AddRow(
                record.Index.ToString(CultureInfo.InvariantCulture),
                record.Line.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(record.RecordId ?? "-"),
                record.Result.IsValid ? "[green]valid[/]" : "[red]invalid[/]",
                Markup.Escape(problems));
        }
        console.Write(table);
        if (outcome.BatchProblem is { } batch)
            console.MarkupLine($"[red]batch problem {Markup.Escape(batch.Code)}:[/] {Markup.Escape(batch.Message)}");
        var summary = Summary(outcome);
        console.MarkupLine($"{summary.Records} records: [green]{summary.Valid} valid[/], [red]{summary.Invalid} invalid[/]");
    }

    private static BatchSummary Summary(BatchOutcome outcome) =>
        new(outcome.Records.Count, outcome.ValidCount, outcome.Records.Count - outcome.ValidCount);

    private sealed record BatchSummary(int Records, int Valid, int Invalid);
}
