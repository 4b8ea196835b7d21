using System.Text;
using System.Text.Json;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Writers;

namespace Exchange.Reporting.Tests.Writers;

public class JsonReportWriterTests
{
    private static async Task<JsonDocument> WriteAsync(ReportLanguage language) =>
        JsonDocument.Parse(await SampleReport.WriteAsync(new JsonReportWriter(), SampleReport.Build(), language));

    private static JsonElement Rows(JsonDocument json, string table) =>
        json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == table).GetProperty("rows");

    [Fact]
    public async Task Writes_the_title_in_the_chosen_language_and_both_titles()
    {
        using var zh = await WriteAsync(ReportLanguage.Zh);
        using var en = await WriteAsync(ReportLanguage.En);

        Assert.Equal(SampleReport.ZhTitle, zh.RootElement.GetProperty("title").GetString());
        Assert.Equal(SampleReport.EnTitle, en.RootElement.GetProperty("title").GetString());
        Assert.Equal(SampleReport.ZhTitle, en.RootElement.GetProperty("titles").GetProperty("zh").GetString());
        Assert.Equal(SampleReport.EnTitle, zh.RootElement.GetProperty("titles").GetProperty("en").GetString());
        Assert.Equal("zh-CN", zh.RootElement.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Writes_a_suppressed_value_as_null_with_its_status()
    {
        using var json = await WriteAsync(ReportLanguage.Zh);

        var westDisabled = Rows(json, "by-region").EnumerateArray().Single(r =>
            r.GetProperty("categories").GetProperty("region").GetProperty("code").GetString() == "440200"
            && r.GetProperty("categories").GetProperty("group").GetProperty("code").GetString() == "disability");
        var graduates = westDisabled.GetProperty("values").GetProperty("graduates");

        Assert.Equal(JsonValueKind.Null, graduates.GetProperty("value").ValueKind);
        Assert.Equal("suppressed", graduates.GetProperty("status").GetString());
    }

    [Fact]
    public async Task No_cell_suppressed_or_not_applicable_in_the_source_holds_a_number()
    {
        var document = SampleReport.Build();
        using var json = await WriteAsync(ReportLanguage.En);

        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(document.Tables.Count, tables.Count);
        var hidden = 0;
        for (var t = 0; t < tables.Count; t++)
        {
            var source = document.Tables[t];
            var rows = tables[t].GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(source.Rows.Count, rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                for (var m = 0; m < source.Measures.Count; m++)
                {
                    var written = rows[r].GetProperty("values").GetProperty(source.Measures[m].Name);
                    var status = source.Rows[r].Values[m].Status;
                    if (status == ValueStatus.Shown)
                    {
                        Assert.Equal(JsonValueKind.Number, written.GetProperty("value").ValueKind);
                        continue;
                    }
                    hidden++;
                    Assert.Equal(JsonValueKind.Null, written.GetProperty("value").ValueKind);
                    Assert.Equal(status == ValueStatus.Suppressed ? "suppressed" : "not-applicable", written.GetProperty("status").GetString());
                }
            }
        }
        Assert.Equal(10, hidden);
    }

    [Fact]
    public async Task Rounds_shares_to_four_decimals_days_to_two_and_writes_counts_as_integers()
    {
        using var json = await WriteAsync(ReportLanguage.Zh);
        var total = Rows(json, "by-region")[0].GetProperty("values");

        Assert.Equal("0.9123", total.GetProperty("employed").GetProperty("value").GetRawText());
        Assert.Equal("35.46", total.GetProperty("days-to-job").GetProperty("value").GetRawText());
        Assert.Equal("1234", total.GetProperty("graduates").GetProperty("value").GetRawText());
        Assert.Equal("shown", total.GetProperty("graduates").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Writes_the_report_frame_flags_notes_dimensions_and_measures()
    {
        using var json = await WriteAsync(ReportLanguage.En);
        var root = json.RootElement;

        Assert.Equal("outcomes", root.GetProperty("name").GetString());
        Assert.Equal("2025", root.GetProperty("parameters").GetProperty("cohort").GetString());
        Assert.Equal("2026-06-30T08:00:00+08:00", root.GetProperty("computedAt").GetString());
        Assert.Equal(1234, root.GetProperty("basis").GetProperty("subjectsCounted").GetInt64());
        Assert.Equal("consent", root.GetProperty("basis").GetProperty("providers")[1].GetProperty("basis").GetString());
        Assert.Equal(5, root.GetProperty("disclosure").GetProperty("threshold").GetInt32());
        Assert.Equal("fairness.below-bound", root.GetProperty("flags")[0].GetProperty("code").GetString());
        Assert.StartsWith("Graduates with a disability", root.GetProperty("flags")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("The employment rate follows the 2024 formula.", root.GetProperty("notes")[0].GetString());

        var table = root.GetProperty("tables")[0];
        Assert.Equal("region", table.GetProperty("dimensions")[0].GetProperty("name").GetString());
        Assert.Equal("Region", table.GetProperty("dimensions")[0].GetProperty("label").GetString());
        Assert.Equal("share", table.GetProperty("measures")[1].GetProperty("unit").GetString());
        Assert.Equal("group", table.GetProperty("chart").GetProperty("seriesDimension").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tables")[1].GetProperty("chart").ValueKind);

        var north = table.GetProperty("rows")[9].GetProperty("categories").GetProperty("region");
        Assert.Equal(SampleReport.TrickyLabel.En, north.GetProperty("label").GetString());
        Assert.Equal(1, north.GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task Keeps_Chinese_text_readable_and_escapes_markup()
    {
        var text = Encoding.UTF8.GetString(await SampleReport.WriteAsync(new JsonReportWriter(), SampleReport.Build(), ReportLanguage.Zh));

        Assert.Contains(SampleReport.ZhTitle, text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
    }
}
