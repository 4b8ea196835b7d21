using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>A graduate with a keyboard alone: signs in, reads their records and the jobs recommended to them, and withdraws a consent.</summary>
[Collection(UiCollection.Name)]
public sealed class GraduateKeyboardTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    [Fact]
    public async Task A_graduate_signs_in_reads_their_records_and_recommended_jobs_and_withdraws_a_consent_with_the_keyboard_alone_and_always_sees_where_focus_is()
    {
        var hub = await hubs.GetAsync(fixture);
        await StewardConsents.RecordAsync(hub, GraduateBrowser.Li, "STEWARD-LI-KEYBOARD", "bureau");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var walk = new KeyboardWalk(page);
        await page.GotoAsync(hub.Page("/ui/sign-in"));

        await walk.TabToAsync("#resident-id");
        await page.Keyboard.TypeAsync(GraduateBrowser.Li);
        await walk.TabToAsync("form:has(#resident-id) button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/me");
        Assert.Contains("李建国", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await walk.TabToAsync("header a[href='/ui/me/jobs']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/me/jobs");
        Assert.Equal("会计助理", await page.Locator("main ol.recommendations > li h2").First.TextContentAsync());

        await walk.TabToAsync("header a[href='/ui/me/consents']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/me/consents");
        await walk.TabToAsync("main a[href*='STEWARD-LI-KEYBOARD']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/withdraw");
        await walk.TabToAsync("main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/me/consents?done=withdrawn");

        Assert.Equal("您的授权已撤回，自即刻起生效。", await page.Locator("[role=status]").TextContentAsync());
        Assert.Equal("withdrawn", Assert.Single(await StewardConsents.OfAsync(hub, GraduateBrowser.Li), c => c.SourceRecordId == "STEWARD-LI-KEYBOARD").Status);
        Assert.True(walk.WithoutVisibleFocus.Count == 0, PageChecks.Describe(walk.WithoutVisibleFocus));
    }
}
