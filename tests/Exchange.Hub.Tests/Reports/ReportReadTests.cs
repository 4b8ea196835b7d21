using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Reports;

/// <summary>A bureau under a statutory duty reads the outcomes report in each format; every read is audited with its basis.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportReadTests(PostgresFixture postgres)
{
    private const int Graduates = 300;

    [Fact]
    public async Task A_bureau_under_a_statutory_duty_reads_the_outcomes_report_as_json_csv_and_html_and_each_read_is_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await ReportWorld.LoadAsync(hub, Graduates);
        var agreement = await ReportWorld.AgreeAsync(hub);
        using var bureau = hub.ClientFor(TestClients.Bureau);

        // JSON by default, Chinese by default.
        using var json = await bureau.GetAsync("/v1/reports/outcomes?purpose=statistics&cohort=2026", TestTimeout.Token());
        var body = await json.Content.ReadAsStringAsync();
        Assert.True(json.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("zh-CN", Assert.Single(json.Content.Headers.ContentLanguage));
        var document = JsonNode.Parse(body)!;
        Assert.Equal(("outcomes", "zh-CN"), ((string?)document["name"], (string?)document["language"]));
        Assert.Equal(Graduates, (long)document["basis"]!["subjectsCounted"]!);
        var basis = Assert.Single(document["basis"]!["providers"]!.AsArray())!;
        Assert.Equal(("*", "statutory-duty", agreement), ((string?)basis["provider"], (string?)basis["basis"], (string?)basis["agreement"]));
        Assert.True((int)document["disclosure"]!["suppressedCells"]! > 0, "300 graduates over regions and groups leave small cells to hide.");

        // CSV by name: UTF-8 with a byte-order mark, as a file to save.
        using var csv = await bureau.GetAsync("/v1/reports/outcomes?purpose=statistics&format=csv&lang=en", TestTimeout.Token());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.True(csv.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType?.ToString());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("outcomes-2026.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("en", Assert.Single(csv.Content.Headers.ContentLanguage));
        Assert.StartsWith("\uFEFF# report,outcomes\r\n# title,", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        // HTML by the Accept header, English by Accept-Language.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/reports/outcomes?purpose=statistics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-GB"));
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh", 0.5));
        using var html = await bureau.SendAsync(request, TestTimeout.Token());
        var page = await html.Content.ReadAsStringAsync();
        Assert.True(html.StatusCode == HttpStatusCode.OK, page);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", page.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("lang=\"en\"", page, StringComparison.Ordinal);
        Assert.Null(html.Content.Headers.ContentDisposition);

        var reads = (await AuditReader.ReadAllAsync(hub)).Where(e => e.CallerClientId == TestClients.Bureau.ClientId).ToList();
        Assert.Equal(3, reads.Count);
        Assert.All(reads, e =>
        {
            Assert.Equal(("permit", "statistics.statutory-duty", "statistics", "GET /v1/reports/{name}", ""), (e.Decision, e.Rule, e.Purpose, e.Action, e.SubjectHandle));
            Assert.Contains("report/outcomes", e.FieldsReleased);
            Assert.Contains(e.FieldsReleased, f => f.StartsWith($"agreement/{agreement}@", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Under_a_consent_agreement_only_consenting_graduates_are_counted_and_the_audit_says_consent()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        await ReportWorld.LoadAsync(hub, 100);
        await ReportWorld.AgreeAsync(hub, basis: "consent");
        using var bureau = hub.ClientFor(TestClients.Bureau);

        using var response = await bureau.GetAsync("/v1/reports/outcomes?purpose=statistics&format=json&lang=en", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var basis = JsonNode.Parse(body)!["basis"]!;

        Assert.Equal((0L, 100L), ((long)basis["subjectsCounted"]!, (long)basis["subjectsLeftOut"]!));
        Assert.Contains(await AuditReader.ReadAllAsync(hub), e => e.CallerClientId == TestClients.Bureau.ClientId && e.Rule == "statistics.consent");
    }
}
