using System.Globalization;
using System.Text;

namespace Exchange.Cli.Settings;

/// <summary>The settings reference as Markdown: <c>docs/settings.md</c>.</summary>
public static class SettingsMarkdown
{
    public static string Render(IReadOnlyList<SettingsSection> sections)
    {
        var md = new StringBuilder();
        md.Append("<!-- Generated from the options classes and their XML documentation by `exchange settings`: do not edit by hand.\n")
          .Append(CultureInfo.InvariantCulture, $"     Regenerate with: {SettingsReference.RegenerateCommand} -->\n\n")
          .Append("# Settings reference\n\n")
          .Append("Every setting the hub reads, generated from the options classes that bind them (their defaults,\n")
          .Append("their data annotations, their XML documentation) and from the checks the hub runs on them at start;\n")
          .Append("a test fails when this page and the classes disagree. Regenerate it with\n")
          .Append(CultureInfo.InvariantCulture, $"`{SettingsReference.RegenerateCommand}`, or print it with `exchange settings`.\n\n")
          .Append("A setting is given as `--setting KEY=VALUE`, repeated for each, to `exchange serve` and to the\n")
          .Append("commands that open the hub's storage (`import`, `replay`, `status`, `report`, `migrate`). They all also\n")
          .Append("read environment variables, the key with `__` for each `:`, and `serve` reads `appsettings.json` in\n")
          .Append("the current folder; `--setting` wins over both. Keys are case-insensitive. Settings are read once,\n")
          .Append("at the start: a changed `appsettings.json` takes effect when the hub is started again.\n")
          .Append("List entries are numbered from 0 (`…:0:…`, `…:1:…`); a key in angle brackets is yours to name\n")
          .Append("(`Exchange:Ingest:Institutions:<credit code>` is `Exchange:Ingest:Institutions:12100000400000624D`).\n")
          .Append("The hub checks every setting when it starts: a wrong one stops it with exit code 2 and a line naming\n")
          .Append("the setting. The checks are listed under *constraints*. A key under `Exchange:` or `ConnectionStrings:`\n")
          .Append("that is not on this page stops the start the same way, naming the setting it resembles: a misspelt\n")
          .Append("setting is refused, not left unread while the hub runs on its default.\n\n");
        foreach (var section in sections)
            md.Append(CultureInfo.InvariantCulture, $"- [`{section.Name}`](#{Anchor(section.Name)})\n");
        foreach (var section in sections)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {section.Name}\n\n").Append(section.Description).Append('\n');
            if (section.BoundTo is not null)
                md.Append(CultureInfo.InvariantCulture, $"Bound to `{section.BoundTo}`.\n");
            md.Append("\n| setting | type | default | constraints | meaning | environment variable |\n")
              .Append("| --- | --- | --- | --- | --- | --- |\n");
            foreach (var s in section.Settings)
                md.Append(CultureInfo.InvariantCulture, $"| `{Cell(s.Key)}` | {Cell(s.Type)} | {Cell(s.Default)} | {Cell(s.Constraints)} | {Cell(s.Description)} | `{Cell(s.EnvironmentVariable)}` |\n");
        }
        return md.ToString();
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Anchor(string heading) =>
        new(heading.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-').Select(c => c == ' ' ? '-' : c).ToArray());

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
