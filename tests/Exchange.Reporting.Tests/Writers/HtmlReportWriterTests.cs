using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Tests.Writers;

public class HtmlReportWriterTests
{
    private static async Task<string> WriteAsync(ReportLanguage language) =>
        Encoding.UTF8.GetString(await SampleReport.WriteAsync(new HtmlReportWriter(), SampleReport.Build(), language));

    private static List<string> SvgFragments(string html) =>
        [.. Regex.Matches(html, "<svg\\b.*?</svg>", RegexOptions.Singleline, TimeSpan.FromSeconds(5)).Select(m => m.Value)];

    [Theory]
    [InlineData(ReportLanguage.Zh, "zh-CN", SampleReport.ZhTitle, SampleReport.EnTitle)]
    [InlineData(ReportLanguage.En, "en", SampleReport.EnTitle, SampleReport.ZhTitle)]
    public async Task Is_a_complete_page_in_the_chosen_language(ReportLanguage language, string tag, string title, string otherTitle)
    {
        var html = await WriteAsync(language);

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"" + tag + "\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>" + title + "</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>" + title + "</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(otherTitle, html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loads_nothing_from_outside_the_page()
    {
        var html = await WriteAsync(ReportLanguage.Zh);

        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(http", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encodes_a_label_that_holds_a_script()
    {
        var html = await WriteAsync(ReportLanguage.En);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_have_a_caption_and_scoped_headers_and_indent_by_depth()
    {
        var html = await WriteAsync(ReportLanguage.En);

        Assert.Equal(2, Regex.Count(html, "<table>", RegexOptions.None, TimeSpan.FromSeconds(5)));
        Assert.Contains("<caption>By region and group</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Satisfaction</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Region</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\" class=\"num\">Share employed</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" style=\"--depth: 1\">East</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" class=\"total\" style=\"--depth: 0\">Whole province</th>", html, StringComparison.Ordinal);
        Assert.Contains("thead { display: table-header-group; }", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formats_numbers_for_the_reader_with_shares_as_percentages()
    {
        var html = await WriteAsync(ReportLanguage.En);

        Assert.Contains("<td class=\"num\">1,234</td><td class=\"num\">91.2%</td><td class=\"num\">35.46</td>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReportLanguage.Zh, "已隐藏（披露控制）", "&#215; 表示该值因披露控制而隐藏")]
    [InlineData(ReportLanguage.En, "suppressed (disclosure control)", "&#215; marks a value suppressed by disclosure control")]
    public async Task Marks_suppressed_cells_and_explains_the_mark_under_each_table(ReportLanguage language, string title, string legend)
    {
        var html = await WriteAsync(language);

        Assert.Contains($"<td class=\"num\"><abbr class=\"mark\" title=\"{title}\">&#215;</abbr></td>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<div class=\"legend\">\n<p>" + Regex.Escape(legend), RegexOptions.None, TimeSpan.FromSeconds(5)));
        // A hidden cell never shows as a zero count: the only 0 in the first table is the one count that is zero.
        Assert.Single(Regex.Matches(html, "<td class=\"num\">0</td>", RegexOptions.None, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Shows_flags_near_the_top_as_a_note_and_the_basis_in_a_definition_list()
    {
        var html = await WriteAsync(ReportLanguage.En);

        var flags = html.IndexOf("<aside class=\"flags\" role=\"note\"", StringComparison.Ordinal);
        Assert.True(flags > 0);
        Assert.True(flags < html.IndexOf("<table>", StringComparison.Ordinal));
        Assert.Contains("fairness.below-bound", html, StringComparison.Ordinal);
        Assert.Contains("<dl class=\"summary\">", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Graduates counted</dt><dd class=\"count\">1,234</dd>", html, StringComparison.Ordinal);
        Assert.Contains("counts from 1 to 4 are hidden (threshold 5)", html, StringComparison.Ordinal);
        Assert.Contains("<li>The employment rate follows the 2024 formula.</li>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReportLanguage.Zh, "各地区就业率")]
    [InlineData(ReportLanguage.En, "Share employed by region")]
    public async Task Draws_one_well_formed_labelled_svg_per_chart(ReportLanguage language, string chartTitle)
    {
        var html = await WriteAsync(language);

        var svg = Assert.Single(SvgFragments(html));
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        var root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        var titleId = (string?)root.Attribute("aria-labelledby");
        var title = root.Elements(ns + "title").Single();
        Assert.Equal(titleId, (string?)title.Attribute("id"));
        Assert.Equal(chartTitle, title.Value);
        Assert.NotNull(root.Attribute("viewBox"));
        // Bars were drawn (filled rectangles besides the background), and hidden values say so in the caption.
        Assert.True(root.Descendants(ns + "rect").Count(r => (string?)r.Attribute("fill") is { } fill && fill != "white" && fill != "none") >= 9);
        Assert.Contains(language == ReportLanguage.En ? "Some bars are not drawn" : "部分柱条未画出", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_inside_charts_are_unique_on_the_page()
    {
        var html = await WriteAsync(ReportLanguage.Zh);

        var ids = Regex.Matches(html, "\\bid=\"([^\"]+)\"", RegexOptions.None, TimeSpan.FromSeconds(5)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (Match reference in Regex.Matches(html, "url\\(#([^)]+)\\)", RegexOptions.None, TimeSpan.FromSeconds(5)))
            Assert.Contains(reference.Groups[1].Value, ids);
    }

    [Fact]
    public async Task The_fragment_is_the_pages_main_content_without_the_document_around_it()
    {
        var page = await WriteAsync(ReportLanguage.En);

        var fragment = new HtmlReportWriter().WriteFragment(SampleReport.Build(), ReportLanguage.En);

        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<main", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", fragment, StringComparison.Ordinal);
        Assert.StartsWith("<aside class=\"flags\"", fragment, StringComparison.Ordinal);
        // ScottPlot numbers its clip paths across charts, so the charts are compared by their place alone.
        static string WithoutCharts(string html) => Regex.Replace(html, "<svg\\b.*?</svg>", "<svg/>", RegexOptions.Singleline, TimeSpan.FromSeconds(5));
        Assert.Contains("<main>\n" + WithoutCharts(fragment) + "</main>\n", WithoutCharts(page), StringComparison.Ordinal);
        // Each table scrolls in a box of its own that the keyboard reaches, named by the table's heading.
        Assert.Contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"t1-heading\">\n<table>", fragment, StringComparison.Ordinal);

        // Without titles, a hidden cell is its sign and a class, explained once by the legend under the table.
        var light = new HtmlReportWriter().WriteFragment(SampleReport.Build(), ReportLanguage.En, markTitles: false);
        Assert.DoesNotContain("<abbr", light, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num mark\">&#215;</td>", light, StringComparison.Ordinal);
        Assert.Contains("&#215; marks a value suppressed by disclosure control", light, StringComparison.Ordinal);
    }
}
