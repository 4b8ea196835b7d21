using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>axe-core against WCAG 2.2 A and AA, on every page in every state, in both languages.</summary>
[Collection(UiCollection.Name)]
public sealed class AccessibilityTests(UiFixture fixture)
{
    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Axe_finds_no_WCAG_A_or_AA_violation_on_any_page_in_any_state(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        var states = new List<string>();

        await page.VisitEveryStateAsync(hub, language, async state =>
        {
            states.Add(state);
            var lang = await page.Locator("html").GetAttributeAsync("lang");
            Assert.True(lang == language, $"[{state}] {page.Url} has lang '{lang}': {await page.ContentAsync()}");
            violations.AddRange((await page.AxeViolationsAsync()).Select(v => $"[{state}] {v}"));
        });

        Assert.Equal(12, states.Count);
        Assert.True(violations.Count == 0, PageChecks.Describe(violations));
    }
}
