using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>
/// The accessibility check the page tests rely on finds what it should: a check that can never
/// fail would let every page pass. The pages here are written in the test, not served by the hub.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class PageChecksTests(UiFixture fixture)
{
    [Fact]
    public async Task Axe_reports_each_violating_element_of_a_page_with_its_rule()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><head><title>Violations</title></head>
            <body><main><h1>Violations</h1>
              <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
              <button id="no-name"></button>
              <p style="color:#bbb;background:#fff">Text too pale to read</p>
            </main></body></html>
            """);

        var violations = await page.AxeViolationsAsync();

        Assert.Contains(violations, v => v.Contains("image-alt (critical) at #no-alt", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("button-name (critical) at #no-name", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("color-contrast (serious)", StringComparison.Ordinal));
        Assert.Equal(3, violations.Count);
    }

    [Fact]
    public async Task Axe_reports_nothing_on_a_page_without_violations_and_runs_again_on_the_same_page()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><head><title>Clean</title></head>
            <body><main><h1>Clean</h1><p>Nothing wrong here.</p><button>Send</button></main></body></html>
            """);

        Assert.Empty(await page.AxeViolationsAsync());

        // Axe is already in the page for the second run; a change since the first is still seen.
        await page.EvaluateAsync("() => document.querySelector('button').textContent = ''");
        Assert.Contains(await page.AxeViolationsAsync(), v => v.Contains("button-name", StringComparison.Ordinal));
    }
}
