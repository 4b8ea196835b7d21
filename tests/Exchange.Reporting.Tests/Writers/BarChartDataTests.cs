using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Tests.Writers;

public class BarChartDataTests
{
    [Fact]
    public void Takes_a_group_per_depth_one_category_and_a_series_per_group_after_the_total()
    {
        var table = SampleReport.ByRegion();

        var data = BarChartData.From(table, table.Chart!)!;

        Assert.Equal(["440100", "440200", "440300"], data.Groups.Select(g => g.Code));
        Assert.Equal(["all", "rural-low-income", "disability"], data.Series.Select(s => s.Code));
        Assert.Equal("employed", data.Measure.Name);
        Assert.Equal(0.93, data.Bars[(0, 0)]);
        Assert.Equal(0.75, data.Bars[(0, 2)]);
        // West × disability is suppressed, North × rural suppressed, North × disability not applicable: no bars.
        Assert.False(data.Bars.ContainsKey((1, 2)));
        Assert.False(data.Bars.ContainsKey((2, 1)));
        Assert.False(data.Bars.ContainsKey((2, 2)));
        Assert.Equal(6, data.Bars.Count);
        Assert.Equal(3, data.HiddenBars);
    }

    [Fact]
    public void Without_a_series_dimension_keeps_only_rows_whose_other_dimensions_are_totals()
    {
        var table = SampleReport.ByRegion();

        var data = BarChartData.From(table, table.Chart! with { SeriesDimension = null })!;

        Assert.Empty(data.Series);
        Assert.Equal([(0, 0), (1, 0), (2, 0)], data.Bars.Keys.Order());
        Assert.Equal(0.5, data.Bars[(2, 0)]);
        Assert.Equal(0, data.HiddenBars);
    }

    [Fact]
    public void A_table_without_depth_one_categories_gives_no_chart()
    {
        var table = SampleReport.Satisfaction() with { Rows = [SampleReport.Satisfaction().Rows[0]] };

        Assert.Null(BarChartData.From(table, new ReportChart(new("满意度", "Satisfaction"), "score", "institution")));
    }
}
