using System.Xml.Linq;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Tests.Writers;

public class SvgBarChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // The shape of what ScottPlot's SVG export gives, with the details that need mending for a page.
    private const string ScottPlotSvg = """
        <?xml version="1.0" encoding="utf-8" ?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="320">
        	<clipPath id="cl_4"><rect x="43" y="43" width="541" height="328"/></clipPath>
        	<g clip-path="url(#cl_4)"><rect fill="#E69F00" x="67" y="255" width="140" height="95"/></g>
        	<text transform="translate(145.2 297.9)" font-size="12" font-family="WenQuanYi Micro Hei, 文泉驿微米黑" x="-12, 0, " y="10.8, ">
        			东部
        	</text>
        	<text transform="translate(10 10)" font-size="12" font-family="DejaVu Sans" x="" y="">
        	</text>
        </svg>
        """;

    [Fact]
    public void Embeds_without_an_XML_declaration_and_with_a_title_and_description()
    {
        var svg = SvgBarChart.Embed(ScottPlotSvg, "t1-chart", "各地区就业率", "柱状图", 600);

        Assert.StartsWith("<svg ", svg, StringComparison.Ordinal);
        var root = XElement.Parse(svg);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("t1-chart-title", (string?)root.Attribute("aria-labelledby"));
        Assert.Equal("0 0 600 320", (string?)root.Attribute("viewBox"));
        Assert.Equal("各地区就业率", root.Element(Svg + "title")!.Value);
        Assert.Equal("t1-chart-title", (string?)root.Element(Svg + "title")!.Attribute("id"));
        Assert.Equal("柱状图", root.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void Prefixes_ids_and_their_references_so_two_charts_can_share_a_page()
    {
        var root = XElement.Parse(SvgBarChart.Embed(ScottPlotSvg, "t2-chart", "t", "d", 600));

        Assert.Equal("t2-chart-cl_4", (string?)root.Element(Svg + "clipPath")!.Attribute("id"));
        Assert.Equal("url(#t2-chart-cl_4)", (string?)root.Element(Svg + "g")!.Attribute("clip-path"));
    }

    [Fact]
    public void Mends_glyph_positions_and_font_names_that_browsers_would_refuse()
    {
        var texts = XElement.Parse(SvgBarChart.Embed(ScottPlotSvg, "c", "t", "d", 600)).Elements(Svg + "text").ToList();

        Assert.Equal("-12 0", (string?)texts[0].Attribute("x"));
        Assert.Equal("10.8", (string?)texts[0].Attribute("y"));
        Assert.Equal("'WenQuanYi Micro Hei', '文泉驿微米黑', sans-serif", (string?)texts[0].Attribute("font-family"));
        Assert.Equal("东部", texts[0].Value);
        Assert.Null(texts[1].Attribute("x"));
    }

    [Fact]
    public void Draws_a_chart_whose_bars_are_all_hidden()
    {
        var table = SampleReport.ByRegion();
        table = table with { Rows = [.. table.Rows.Select(r => r with { Values = [ReportValue.Suppressed, ReportValue.Suppressed, ReportValue.Suppressed] })] };
        var data = BarChartData.From(table, table.Chart!)!;

        var root = XElement.Parse(SvgBarChart.Render(data, "c", "t", ReportLanguage.En));

        Assert.Equal(9, data.HiddenBars);
        Assert.Equal(Svg + "svg", root.Name);
    }
}
