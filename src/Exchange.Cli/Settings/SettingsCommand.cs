using System.CommandLine;

namespace Exchange.Cli.Settings;

/// <summary>
/// <c>exchange settings [--format markdown|text] [--output FILE]</c>: every setting the hub reads,
/// with its default, constraints and meaning; <c>docs/settings.md</c> is this command's output.
/// </summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "markdown (the reference page) or text (one line per setting)", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "text");
        var output = new Option<FileInfo?>("--output") { Description = "Write to this file instead of standard output" };
        var command = new Command("settings", "List every setting the hub reads, in --setting form, with its type, default, constraints and meaning.")
        {
            format, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sections = SettingsReference.Sections();
            var text = parse.GetValue(format) == "text" ? SettingsText.Render(sections) : SettingsMarkdown.Render(sections);
            if (parse.GetValue(output) is { } file)
                await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
            else
                await Console.Out.WriteAsync(text);
            return 0;
        });
        return command;
    }
}
