using System.Globalization;
using System.Text;

namespace Exchange.Cli.Settings;

/// <summary>The settings as plain lines, one per key in <c>--setting</c> form with its default, for a terminal.</summary>
public static class SettingsText
{
    public static string Render(IReadOnlyList<SettingsSection> sections)
    {
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"# {section.Name}\n");
            foreach (var s in section.Settings.Where(s => !s.Type.StartsWith("a group", StringComparison.Ordinal)))
            {
                text.Append(CultureInfo.InvariantCulture, $"{s.Key}  ({Plain(s.Type)}; default {Plain(s.Default)}");
                text.Append(s.Constraints.Length > 0 ? $"; {Plain(s.Constraints)})\n" : ")\n");
            }
        }
        return text.ToString();
    }

    private static string Plain(string markdown) => markdown.Replace("`", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal);
}
