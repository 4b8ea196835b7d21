using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>A graduate with a keyboard alone: signs in, reads their records, and withdraws a consent.</summary>
[Collection(UiCollection.Name)]
public sealed class GraduateKeyboardTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    private const int MostTabsToReachAControl = 80;

    [Fact]
    public async Task A_graduate_signs_in_reads_their_records_and_withdraws_a_consent_with_the_keyboard_alone_and_always_sees_where_focus_is()
    {
        var hub = await hubs.GetAsync(fixture);
        await StewardConsents.RecordAsync(hub, GraduateBrowser.Li, "STEWARD-LI-KEYBOARD", "bureau");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var withoutFocus = new List<string>();
        await page.GotoAsync(hub.Page("/ui/sign-in"));

        await TabToAsync(page, "#resident-id", withoutFocus);
        await page.Keyboard.TypeAsync(GraduateBrowser.Li);
        await TabToAsync(page, "form:has(#resident-id) button", withoutFocus);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/ui/me");
        Assert.Contains("李建国", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await TabToAsync(page, "header a[href='/ui/me/consents']", withoutFocus);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/ui/me/consents");
        await TabToAsync(page, "main a[href*='STEWARD-LI-KEYBOARD']", withoutFocus);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/withdraw");
        await TabToAsync(page, "main form button[type=submit]", withoutFocus);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/ui/me/consents?done=withdrawn");

        Assert.Equal("您的授权已撤回，自即刻起生效。", await page.Locator("[role=status]").TextContentAsync());
        Assert.Equal("withdrawn", Assert.Single(await StewardConsents.OfAsync(hub, GraduateBrowser.Li), c => c.SourceRecordId == "STEWARD-LI-KEYBOARD").Status);
        Assert.True(withoutFocus.Count == 0, PageChecks.Describe(withoutFocus));
    }

    private static async Task TabToAsync(IPage page, string selector, List<string> withoutFocus)
    {
        for (var presses = 0; presses < MostTabsToReachAControl; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
                return;
            await page.Keyboard.PressAsync("Tab");
            if (!await page.FocusIsVisibleAsync())
                withoutFocus.Add($"{page.Url}: {await page.FocusedAsync()}");
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }
}
