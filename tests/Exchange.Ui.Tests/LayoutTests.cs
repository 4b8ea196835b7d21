using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>Reflow, enlarged text, target sizes, names of controls and the weight of pages, on every page in every state.</summary>
[Collection(UiCollection.Name)]
public sealed class LayoutTests(UiFixture fixture)
{
    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task At_320_CSS_pixels_wide_no_page_scrolls_sideways_and_every_target_is_at_least_24_pixels(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync(width: 320, height: 640);
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.VisitEveryStateAsync(hub, language, async state =>
        {
            if (await page.ScrollsSidewaysAsync())
                problems.Add($"[{state}] {page.Url} scrolls sideways: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
            problems.AddRange((await page.SmallTargetsAsync()).Select(t => $"[{state}] {t}"));
        });

        Assert.True(problems.Count == 0, PageChecks.Describe(problems));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task With_text_at_200_percent_nothing_is_cut_off_and_no_page_scrolls_sideways(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        // The enlarging style is put into the page by the test, which the pages' policy would refuse.
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.VisitEveryStateAsync(hub, language, async state => problems.AddRange(await page.ProblemsAtDoubleTextAsync(state)));

        Assert.True(problems.Count == 0, PageChecks.Describe(problems));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Every_control_on_every_page_has_an_accessible_name(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var unnamed = new List<string>();

        await page.VisitEveryStateAsync(hub, language, async state =>
            unnamed.AddRange((await page.UnnamedControlsAsync(context)).Select(u => $"[{state}] {u}")));

        Assert.True(unnamed.Count == 0, PageChecks.Describe(unnamed));
    }

    [Fact]
    public async Task Every_page_weighs_at_most_100_KB_and_loads_nothing_from_another_origin()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var elsewhere = new List<string>();
        var origin = hub.Address.GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal))
                elsewhere.Add(request.Url);
        };
        var heavy = new List<string>();

        await page.VisitEveryStateAsync(hub, PageLanguages.English, async state =>
        {
            var (bytes, resources) = await page.WeightAsync(context);
            if (bytes > PageChecks.MostBytes)
                heavy.Add($"[{state}] {page.Url} weighs {bytes} bytes");
            Assert.True(resources >= 2, $"[{state}] the page loaded no stylesheet");
        });

        Assert.Empty(elsewhere);
        Assert.True(heavy.Count == 0, PageChecks.Describe(heavy));
    }
}
