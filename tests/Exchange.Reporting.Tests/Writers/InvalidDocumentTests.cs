using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Tests.Writers;

public class InvalidDocumentTests
{
    public static TheoryData<string> Writers => ["json", "csv", "html"];

    private static IReportWriter Writer(string format) => format switch
    {
        "json" => new JsonReportWriter(),
        "csv" => new CsvReportWriter(),
        _ => new HtmlReportWriter(),
    };

    private static ReportDocument WithSecondTable(Func<ReportTable, ReportTable> change)
    {
        var document = SampleReport.Build();
        return document with { Tables = [document.Tables[0], change(document.Tables[1])] };
    }

    private static async Task<(ArgumentException Error, long Written)> RefusedAsync(string format, ReportDocument document)
    {
        using var stream = new MemoryStream();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer(format).WriteAsync(document, stream, ReportLanguage.Zh, CancellationToken.None));
        return (error, stream.Length);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Refuses_a_row_whose_values_do_not_match_the_measures_before_writing_anything(string format)
    {
        var document = WithSecondTable(t => t with { Rows = [t.Rows[0], t.Rows[1] with { Values = [ReportValue.Of(4)] }, t.Rows[2]] });

        var (error, written) = await RefusedAsync(format, document);

        Assert.Equal("document", error.ParamName);
        Assert.Contains("Table 'satisfaction', row 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 values for 2 measures", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, written);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Refuses_a_row_whose_categories_do_not_match_the_dimensions_before_writing_anything(string format)
    {
        var extra = new ReportCategory("2025", new("2025 届", "Class of 2025"), 0);
        var document = WithSecondTable(t => t with { Rows = [t.Rows[0], t.Rows[1], t.Rows[2] with { Categories = [.. t.Rows[2].Categories, extra] }] });

        var (error, written) = await RefusedAsync(format, document);

        Assert.Contains("Table 'satisfaction', row 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 categories for 1 dimensions (institution)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, written);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Refuses_a_hidden_cell_that_still_carries_its_figure(string format)
    {
        var document = WithSecondTable(t => t with { Rows = [t.Rows[0], t.Rows[1], t.Rows[2] with { Values = [new ReportValue(3, ValueStatus.Suppressed), ReportValue.NotApplicable] }] });

        var (error, written) = await RefusedAsync(format, document);

        Assert.Contains("Table 'satisfaction', row 3 (x-1): measure 'score' is suppressed but carries a value", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, written);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Refuses_a_chart_of_a_measure_the_table_lacks(string format)
    {
        var document = SampleReport.Build();
        var table = document.Tables[0];
        document = document with { Tables = [table with { Chart = table.Chart! with { Measure = "salary" } }, document.Tables[1]] };

        var (error, written) = await RefusedAsync(format, document);

        Assert.Contains("Table 'by-region': its chart draws measure 'salary'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, written);
    }

    [Fact]
    public async Task Refuses_a_shown_value_that_is_not_a_number()
    {
        var document = WithSecondTable(t => t with { Rows = [t.Rows[0] with { Values = [new ReportValue(double.NaN, ValueStatus.Shown), ReportValue.Of(1)] }] });

        var (error, _) = await RefusedAsync("json", document);

        Assert.Contains("measure 'score' is shown but has no finite value", error.Message, StringComparison.Ordinal);
    }
}
