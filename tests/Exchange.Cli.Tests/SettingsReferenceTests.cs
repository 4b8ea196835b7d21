using System.Text;
using System.Text.RegularExpressions;
using Exchange.Cli.Settings;

namespace Exchange.Cli.Tests;

public sealed partial class SettingsReferenceTests
{
    private static readonly string DocPath = Path.Combine(CliRunner.RepositoryRoot, "docs", "settings.md");

    [Fact]
    public void Docs_settings_md_is_what_the_options_classes_generate()
    {
        var generated = SettingsMarkdown.Render(SettingsReference.Sections());
        var written = File.ReadAllText(DocPath).ReplaceLineEndings("\n");

        if (written != generated)
            Assert.Fail($"docs/settings.md is stale; regenerate it with `{SettingsReference.RegenerateCommand}`.\n{Difference(written, generated)}");
    }

    [Fact]
    public void Every_options_class_bound_in_the_sources_is_in_the_reference()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(CliRunner.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var bound = sources.SelectMany(f => BindingCalls().Matches(File.ReadAllText(f)).Select(m => m.Groups["type"].Value)).ToHashSet(StringComparer.Ordinal);
        var documented = SettingsReference.Sections().Select(s => s.BoundTo).OfType<string>().ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(bound);
        Assert.Empty(bound.Except(documented));
    }

    [Fact]
    public void Every_check_and_default_written_in_words_names_a_setting_the_classes_produce()
    {
        var sections = SettingsReference.Sections();
        var keys = sections.SelectMany(s => s.Settings).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(SettingNotes.Checks.Keys.Except(keys));
        Assert.Empty(SettingNotes.Defaults.Keys.Except(keys));
        Assert.Empty(SettingNotes.Sections.Keys.Except(sections.Select(s => s.Name)));
        Assert.All(SettingNotes.DictionaryKeys.Values, placeholder => Assert.Contains(keys, k => k.Contains(":" + placeholder, StringComparison.Ordinal)));
        Assert.All(sections.SelectMany(s => s.Settings), s => Assert.False(string.IsNullOrWhiteSpace(s.Description), s.Key));
    }

    [Fact]
    public void Lists_and_dictionaries_are_described_by_their_element_fields_in_setting_and_environment_form()
    {
        var settings = SettingsReference.Sections().SelectMany(s => s.Settings).ToDictionary(s => s.Key, StringComparer.Ordinal);

        Assert.Equal("Exchange__Clients__0__ClientId", settings["Exchange:Clients:0:ClientId"].EnvironmentVariable);
        Assert.Equal("Exchange__Ingest__Institutions__<credit code>", settings["Exchange:Ingest:Institutions:<credit code>"].EnvironmentVariable);
        Assert.Equal("`67108864`", settings["Exchange:Ingest:MaxBodyBytes"].Default);
        Assert.Equal("at least 1", settings["Exchange:Ingest:MaxBodyBytes"].Constraints);
        Assert.Equal("`00:01:00`", settings["Exchange:Pull:FhirServers:0:Retry:MaxDelay"].Default);
        Assert.Equal("10 digits", settings["Exchange:Ingest:Institutions:<credit code>"].Constraints);
        Assert.StartsWith("required;", settings["Exchange:Pull:DropFolders:0:Name"].Constraints, StringComparison.Ordinal);
        Assert.Contains("Exchange:Clients:0:Scopes:0", settings.Keys);
    }

    [Fact]
    public async Task Settings_command_prints_the_reference_and_a_line_per_setting()
    {
        var (markdownExit, markdown, _) = await CliRunner.RunAsync("settings");
        var (textExit, text, _) = await CliRunner.RunAsync("settings", "--format", "text");

        Assert.Equal(0, markdownExit);
        Assert.Equal(SettingsMarkdown.Render(SettingsReference.Sections()), markdown.ReplaceLineEndings("\n"));
        Assert.Equal(0, textExit);
        Assert.Contains("Exchange:Ingest:MaxBodyBytes  (integer; default 67108864; at least 1)", text, StringComparison.Ordinal);
    }

    /// <summary>The lines only one side has, in order, numbered: enough to see what changed in a table.</summary>
    private static string Difference(string written, string generated)
    {
        var writtenLines = written.Split('\n');
        var generatedLines = generated.Split('\n');
        var report = new StringBuilder();
        var onlyWritten = writtenLines.Select((l, i) => (l, i)).Where(x => !generatedLines.Contains(x.l)).ToList();
        var onlyGenerated = generatedLines.Select((l, i) => (l, i)).Where(x => !writtenLines.Contains(x.l)).ToList();
        foreach (var (line, index) in onlyWritten)
            report.Append("- docs/settings.md:").Append(index + 1).Append(": ").Append(line).Append('\n');
        foreach (var (line, index) in onlyGenerated)
            report.Append("+ generated:").Append(index + 1).Append(": ").Append(line).Append('\n');
        if (onlyWritten.Count == 0 && onlyGenerated.Count == 0)
            report.Append("The same lines in another order or count.");
        return report.ToString();
    }

    [GeneratedRegex(@"AddValidatedOptions<(?<type>[\w<>]+)>\((?!this )|GetSection\([^)]*\)\.Get<(?<type>\w+)>\(\)")]
    private static partial Regex BindingCalls();
}
