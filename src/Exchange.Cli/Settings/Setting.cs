namespace Exchange.Cli.Settings;

/// <summary>One configuration key as a user writes it, with what it takes and what it means.</summary>
/// <param name="Key">The full key, <c>:</c>-separated, with <c>0</c> for a list index and <c>&lt;name&gt;</c> for a dictionary key.</param>
/// <param name="Type">What the value is, in words.</param>
/// <param name="Default">The value when unset, in words.</param>
/// <param name="Constraints">What the hub checks at start, in words; empty when nothing.</param>
/// <param name="Description">What the setting does.</param>
public sealed record Setting(string Key, string Type, string Default, string Constraints, string Description)
{
    /// <summary>The key as an environment variable: <c>__</c> for each <c>:</c>.</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>A configuration section and its settings.</summary>
/// <param name="Name">The section, e.g. <c>Exchange:Ingest</c>.</param>
/// <param name="BoundTo">The options class bound from it, or null for keys read without one.</param>
/// <param name="Description">What the section configures.</param>
/// <param name="Settings">Its keys, in declaration order.</param>
public sealed record SettingsSection(string Name, string? BoundTo, string Description, IReadOnlyList<Setting> Settings);
