using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>
/// The graduate's pages held to what the steward's are: axe finds no WCAG 2.2 A or AA violation, and
/// nothing scrolls sideways or shrinks below 24 px at 320 px, in every state and both languages; no page weighs more than 100 KB.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class GraduateAccessibilityTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Axe_finds_no_WCAG_A_or_AA_violation_on_any_graduate_page_in_any_state(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        var states = new List<string>();

        await page.VisitEveryGraduateStateAsync(hub, language, async state =>
        {
            states.Add(state);
            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            violations.AddRange((await page.AxeViolationsAsync()).Select(v => $"[{state}] {v}"));
            violations.AddRange((await page.UnnamedControlsAsync(context)).Select(v => $"[{state}] {v}"));
        });

        Assert.True(states.Count >= 4, string.Join(", ", states));
        Assert.True(violations.Count == 0, PageChecks.Describe(violations));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task At_320_CSS_pixels_wide_no_graduate_page_scrolls_sideways_and_every_target_is_at_least_24_pixels(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync(width: 320, height: 640);
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.VisitEveryGraduateStateAsync(hub, language, async state =>
        {
            if (await page.ScrollsSidewaysAsync())
                problems.Add($"[{state}] {page.Url} scrolls sideways: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
            problems.AddRange((await page.SmallTargetsAsync()).Select(t => $"[{state}] {t}"));
        });

        Assert.True(problems.Count == 0, PageChecks.Describe(problems));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task With_text_at_200_percent_no_graduate_page_scrolls_sideways_or_cuts_text_off(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        // The enlarging style is put into the page by the test, which the pages' policy would refuse.
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.VisitEveryGraduateStateAsync(hub, language, async state => problems.AddRange(await page.ProblemsAtDoubleTextAsync(state)));

        Assert.True(problems.Count == 0, PageChecks.Describe(problems));
    }

    [Fact]
    public async Task Every_graduate_page_weighs_at_most_100_KB_and_loads_nothing_from_another_origin()
    {
        var hub = await hubs.GetAsync(fixture);
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

        await page.VisitEveryGraduateStateAsync(hub, PageLanguages.English, async state =>
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
