using ScottPlot;
using SkiaSharp;

namespace Exchange.Reporting.Writers;

/// <summary>
/// Finds an installed font that can draw a chart's text. Skia leaves out the glyphs its font lacks
/// (a Chinese label drawn in a Latin font comes out empty), so text that no installed font covers is
/// replaced by a fallback the caller gives, such as the English label or the category code.
/// </summary>
internal static class ChartFonts
{
    // Sans-serif families tried first, Latin ones before CJK ones so that English charts keep a Latin
    // face; any other installed family is tried after them.
    private static readonly string[] Preferred =
    [
        "DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI",
        "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
        "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei", "Droid Sans Fallback",
    ];

    private static readonly Lazy<string[]> Installed = new(() =>
    {
        var families = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. Preferred.Where(families.Contains), .. families.Except(Preferred, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    });

    /// <summary>An installed font family with a glyph for every character of <paramref name="text"/>, or null.</summary>
    public static string? Covering(string text)
    {
        var visible = new string([.. text.Where(c => !char.IsWhiteSpace(c))]);
        // ScottPlot's own detection asks the platform's font matcher, which some Skia builds lack; the
        // installed families are then tried one by one.
        var detected = visible.Length > 0 ? Fonts.Detect(visible) : null;
        IEnumerable<string> candidates = string.IsNullOrEmpty(detected) ? Installed.Value : [detected, .. Installed.Value];
        return candidates.FirstOrDefault(family => Covers(family, visible));
    }

    private static bool Covers(string family, string text)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family);
        // MatchFamily may answer with another family when the one asked for is missing.
        return typeface is not null
            && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase)
            && (text.Length == 0 || typeface.ContainsGlyphs(text));
    }

    /// <summary>
    /// The first set of texts that one installed font covers entirely, with that font; when none is
    /// covered, the last set (codes, which are ASCII) with ScottPlot's default font.
    /// </summary>
    public static (string Font, IReadOnlyList<string> Texts) Choose(params IReadOnlyList<string>[] candidates)
    {
        foreach (var texts in candidates)
        {
            if (Covering(string.Concat(texts)) is { } font)
                return (font, texts);
        }
        return (Fonts.Default, candidates[^1]);
    }
}
