using System.Globalization;
using System.Xml.Linq;
using Exchange.Reporting.Reports;
using ScottPlot;

namespace Exchange.Reporting.Writers;

/// <summary>
/// Draws a <see cref="BarChartData"/> with ScottPlot and returns it as an SVG element ready to be
/// placed inside an HTML page: no XML declaration, ids made unique to the chart, and a title and
/// description for assistive technology.
/// </summary>
internal static class SvgBarChart
{
    private const int Height = 320;
    private const int MaxLabelLength = 16;

    public static string Render(BarChartData data, string id, string title, ReportLanguage language)
    {
        var seriesCount = Math.Max(1, data.Series.Count);
        var scale = data.Measure.Unit == MeasureUnit.Share ? 100.0 : 1.0;
        // Okabe and Ito's colours, which stay apart for colour-blind readers; their first, black, is
        // skipped so that no bar is drawn in the colour of the text.
        var palette = new ScottPlot.Palettes.ColorblindFriendly();
        Color SeriesColor(int series) => palette.GetColor(series + 1);

        using var plot = new Plot();
        var bars = new List<Bar>();
        foreach (var ((group, series), value) in data.Bars)
        {
            bars.Add(new Bar
            {
                Position = group * (seriesCount + 1) + series,
                Value = ReportNumbers.Round(value, data.Measure.Unit) * scale,
                FillColor = SeriesColor(series),
                LineWidth = 0,
            });
        }
        plot.Add.Bars(bars);

        var groupLabels = Labels(data.Groups, language);
        var groupTicks = data.Groups.Select((_, g) => new Tick(g * (seriesCount + 1) + (seriesCount - 1) / 2.0, groupLabels.Texts[g])).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(groupTicks);
        plot.Axes.Bottom.TickLabelStyle.FontName = groupLabels.Font;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        if (data.Groups.Count > 6)
        {
            // Side by side, many labels would run into each other; turned, they need room below the axis.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 12 + 7 * groupLabels.Texts.Max(label => label.Length);
            plot.Axes.Right.MinimumSize = 60;
        }
        plot.Axes.Margins(bottom: 0);
        // After the margins, which would otherwise shrink the axis to the bars drawn and cut off the
        // label of a last group whose bars are all hidden.
        plot.Axes.SetLimitsX(-1, data.Groups.Count * (seriesCount + 1) - 1);
        plot.Grid.XAxisStyle.IsVisible = false;

        var measureLabel = data.Measure.Label.In(language) + (scale == 100.0 ? " (%)" : string.Empty);
        var yLabel = ChartFonts.Choose([measureLabel], [data.Measure.Label.In(Other(language))], [data.Measure.Name]);
        plot.Axes.Left.Label.Text = yLabel.Texts[0];
        plot.Axes.Left.Label.FontName = yLabel.Font;
        plot.Axes.Left.TickLabelStyle.FontName = ChartFonts.Covering("-0123456789.,%") ?? Fonts.Default;

        if (data.Series.Count > 1)
        {
            var seriesLabels = Labels(data.Series, language);
            for (var s = 0; s < data.Series.Count; s++)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = seriesLabels.Texts[s], FillColor = SeriesColor(s) });
            }
            plot.Legend.FontName = seriesLabels.Font;
            plot.ShowLegend(Edge.Right);
        }

        var legendWidth = data.Series.Count > 1 ? 180 : 0;
        var width = Math.Clamp(160 + legendWidth + data.Groups.Count * (seriesCount + 1) * 26, 480, 960);
        return Embed(plot.GetSvgXml(width, Height), id, title, ReportText.ChartDescription.In(language), width);
    }

    private static (string Font, IReadOnlyList<string> Texts) Labels(IReadOnlyList<ReportCategory> categories, ReportLanguage language)
    {
        // The table gives each label whole; under a bar it is kept to one short line.
        static string OneLine(string text)
        {
            var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
            return line.Length <= MaxLabelLength ? line : line[..(MaxLabelLength - 1)].TrimEnd() + "…";
        }
        return ChartFonts.Choose(
            [.. categories.Select(c => OneLine(c.Label.In(language)))],
            [.. categories.Select(c => OneLine(c.Label.In(Other(language))))],
            [.. categories.Select(c => OneLine(c.Code))]);
    }

    private static ReportLanguage Other(ReportLanguage language) => language == ReportLanguage.En ? ReportLanguage.Zh : ReportLanguage.En;

    /// <summary>Turns ScottPlot's SVG document into an element fit for an HTML page.</summary>
    internal static string Embed(string svgXml, string id, string title, string description, int width)
    {
        var svg = XDocument.Parse(svgXml).Root ?? throw new InvalidOperationException("ScottPlot returned an SVG without a root element.");
        var ns = svg.Name.Namespace;

        // Every chart's clip paths start from the same ids; on one page they must differ.
        var ids = svg.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var element in svg.DescendantsAndSelf())
        {
            foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
            {
                var value = attribute.Value;
                if (attribute.Name == "id" && ids.Contains(value))
                    value = id + "-" + value;
                foreach (var old in ids)
                    value = value.Replace("url(#" + old + ")", "url(#" + id + "-" + old + ")", StringComparison.Ordinal);
                if (attribute.Name.LocalName == "href" && value.Length > 1 && value[0] == '#' && ids.Contains(value[1..]))
                    value = "#" + id + "-" + value[1..];
                attribute.Value = value;
            }
        }

        foreach (var text in svg.Descendants(ns + "text"))
        {
            // Skia writes glyph positions as "1.5, 7.2, " with a trailing separator that browsers refuse.
            foreach (var name in new[] { "x", "y" })
            {
                if (text.Attribute(name) is not { } position)
                    continue;
                var numbers = position.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
                if (numbers.Length == 0)
                    position.Remove();
                else
                    position.Value = string.Join(' ', numbers);
            }
            // Skia names the family and its local names ("WenQuanYi Micro Hei, 文泉驿微米黑"); a browser
            // without them should still draw the text.
            if (text.Attribute("font-family") is { } family)
            {
                var names = family.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                family.Value = string.Join(", ", [.. names.Select(n => "'" + n.Replace("'", string.Empty, StringComparison.Ordinal) + "'"), "sans-serif"]);
            }
            if (!text.HasElements)
                text.Value = text.Value.Trim();
        }

        svg.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {width} {Height}"));
        svg.SetAttributeValue("role", "img");
        svg.SetAttributeValue("aria-labelledby", id + "-title");
        svg.SetAttributeValue("aria-describedby", id + "-desc");
        svg.SetAttributeValue("class", "chart-svg");
        svg.AddFirst(
            new XElement(ns + "title", new XAttribute("id", id + "-title"), title),
            new XElement(ns + "desc", new XAttribute("id", id + "-desc"), description));

        // XElement.ToString writes no XML declaration.
        return svg.ToString(SaveOptions.DisableFormatting);
    }
}
