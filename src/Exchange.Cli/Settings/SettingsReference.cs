namespace Exchange.Cli.Settings;

/// <summary>Every setting the hub reads: the bound options classes, then the keys read without one.</summary>
public static class SettingsReference
{
    /// <summary>The command that rewrites <c>docs/settings.md</c>.</summary>
    public const string RegenerateCommand = "dotnet run --project src/Exchange.Cli -- settings --output docs/settings.md";

    public static IReadOnlyList<SettingsSection> Sections() => Sections(new XmlDocComments());

    /// <summary>The same settings without their descriptions, which are read from the XML documentation files.</summary>
    public static IReadOnlyList<SettingsSection> Keys() => Sections(docs: null);

    private static IReadOnlyList<SettingsSection> Sections(XmlDocComments? docs)
    {
        var reflector = new OptionsReflector(docs);
        return [.. BoundSections.All.Select(b => reflector.Describe(b.Section, b.Options)), SettingNotes.Unbound];
    }
}
