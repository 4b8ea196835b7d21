using System.Net.Http.Json;
using Exchange.Hub.Steward;
using Exchange.Testing;
using Exchange.Testing.Reports;
using Exchange.Ui.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Exchange.Ui.Tests;

/// <summary>The reports pages: choosing a report, its refusals and problems in words, the report itself and its downloads.</summary>
[Collection(UiCollection.Name)]
public sealed class ReportPagesTests(UiFixture fixture)
{
    private const int Graduates = 300;

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Every_reports_page_in_every_state_passes_axe_names_every_control_reflows_and_takes_text_at_200_percent(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        // Disclosure control takes its time on a small population, more so on a busy machine.
        page.SetDefaultTimeout(120_000);
        var checks = new StateChecks(page, context, language);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.SignInAsync(hub, UiClients.Bureau);

        await page.GotoAsync(hub.Page("/ui/reports"));
        await checks.CheckAsync("list and empty form");
        await page.GotoAsync(hub.Page("/ui/reports?report=outcomes&cohort=20x6&region=999999&formula=2024&asOf=2026-13-01"));
        await checks.CheckAsync("form with errors");
        var denied = await page.GotoAsync(hub.Page("/ui/reports/outcomes"));
        Assert.Equal(403, denied!.Status);
        await checks.CheckAsync("denied without an agreement");
        await RecordStatisticsAgreementAsync(hub);
        await page.GotoAsync(hub.Page("/ui/reports/outcomes"));
        Assert.Equal(1, await page.Locator("#nothing-title").CountAsync());
        await checks.CheckAsync("nothing to count");
        await LoadGraduatesAsync(hub);
        await page.GotoAsync(hub.Page("/ui/reports/outcomes?cohort=2026"));
        Assert.True(await page.Locator(".report table").CountAsync() > 0);
        await checks.CheckAsync("a report shown");
        var weight = (await (await context.APIRequest.GetAsync(page.Url)).BodyAsync()).Length
            + (await (await context.APIRequest.GetAsync(hub.Page("/ui/ui.css"))).BodyAsync()).Length;
        Assert.True(weight <= 100 * 1024, $"the report page weighs {weight} bytes");

        // Text at 200%: the enlarging style is put in by the test, which the pages' policy would refuse.
        await using var enlarged = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BypassCSP = true,
        });
        var large = await enlarged.NewPageAsync();
        large.SetDefaultTimeout(120_000);
        await large.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await large.SignInAsync(hub, UiClients.Bureau);
        foreach (var address in new[] { "/ui/reports?report=outcomes&cohort=20x6", "/ui/reports/outcomes?cohort=2026" })
        {
            await large.GotoAsync(hub.Page(address));
            await large.AddStyleTagAsync(new PageAddStyleTagOptions { Content = "html { font-size: 200% !important; }" });
            if (await large.ScrollsSidewaysAsync())
                checks.Problems.Add($"[200%] {large.Url} scrolls sideways with text at 200%");
            checks.Problems.AddRange((await large.ClippedTextAsync()).Select(c => $"[200%] cut off: {c}"));
        }

        Assert.Equal(5, checks.States.Count);
        Assert.True(checks.Problems.Count == 0, PageChecks.Describe(checks.Problems));
    }

    [Fact]
    public async Task A_bureau_chooses_a_report_through_a_round_of_errors_and_downloads_it_with_the_keyboard_alone()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await RecordStatisticsAgreementAsync(hub);
        await LoadGraduatesAsync(hub);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        // Disclosure control takes its time on a small population, more so on a busy machine.
        page.SetDefaultTimeout(120_000);
        await page.SignInAsync(hub, UiClients.Bureau);
        // A bureau's way in is the reports, and the header leads there.
        Assert.EndsWith("/ui/reports", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("header nav a[href='/ui/reports']").CountAsync());
        var walk = new KeyboardWalk(page);

        await walk.TabToAsync("#report");
        Assert.Equal("outcomes", await page.Locator("#report").InputValueAsync());
        await walk.TabToAsync("#cohort");
        await page.Keyboard.TypeAsync("20x6");
        await walk.TabToAsync("#region");
        await page.Keyboard.TypeAsync("999999");
        await walk.TabToAsync("form.report-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".error-summary").WaitForAsync();

        // Each problem is on its field, with the reports' own words, and the summary leads to it.
        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        Assert.StartsWith("错误：", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Contains("年份，例如 2026", await page.Locator("#cohort-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("cohort-hint cohort-error", await page.Locator("#cohort").GetAttributeAsync("aria-describedby"));
        Assert.Equal("true", await page.Locator("#region").GetAttributeAsync("aria-invalid"));
        Assert.Equal(["#cohort", "#region"], await page.Locator(".error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        await walk.TabAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("input#cohort.date", await page.FocusedAsync());
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("2026");
        await walk.TabToAsync("#region");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Backspace");
        await walk.TabToAsync("form.report-form button[type=submit]");
        await walk.EnterAndWaitAsync("**/ui/reports/outcomes?cohort=2026&formula=2024");
        Assert.True(await page.Locator(".report table").CountAsync() > 0);

        await walk.TabToAsync("a[href*='format=csv']");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.True(walk.WithoutVisibleFocus.Count == 0, PageChecks.Describe(walk.WithoutVisibleFocus));

        Assert.Equal("outcomes-2026.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("# report,outcomes\r\n", System.Text.Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        // The page's report and the download are each audited as the release service audits a report.
        var reads = (await hub.AuditAsync(UiClients.Bureau.ClientId)).Where(e => e.Rule == "statistics.statutory-duty").Select(e => e.Action).ToList();
        Assert.Equal(["GET /ui/reports/{name}", "GET /ui/reports/{name}/download"], reads);
    }

    /// <summary>Records, through the steward API, the bureau's agreement for statistics under a statutory duty.</summary>
    private static async Task RecordStatisticsAgreementAsync(UiHub hub)
    {
        using var api = hub.Api(UiClients.Steward);
        var response = await api.PostAsJsonAsync("/v1/steward/agreements", new AgreementRequest(null, new GranteeDto(UiClients.Bureau.Organisation, null),
            ["education", "outcomes", "hardship", "disability"], ["statistics"], new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31),
            "Employment Promotion Law art. 48; provincial statistics programme", LegalBasisType: "statutory-duty"), TestTimeout.Token());
        response.EnsureSuccessStatusCode();
    }

    private static Task LoadGraduatesAsync(UiHub hub) =>
        new IndexPopulation().LoadAsync(hub.Services.GetRequiredService<NpgsqlDataSource>(), Graduates, 2026, TestTimeout.Token());
}
