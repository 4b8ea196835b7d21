using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>A steward with a keyboard alone: Tab to move, Enter to follow and submit, Space to tick, and typing.</summary>
[Collection(UiCollection.Name)]
public sealed class KeyboardTests(UiFixture fixture)
{
    [Fact]
    public async Task A_steward_signs_in_records_and_revokes_an_agreement_with_the_keyboard_alone_and_always_sees_where_focus_is()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var walk = new KeyboardWalk(page, mostTabsToReachAControl: 60);
        await page.GotoAsync(hub.Page("/ui/sign-in"));

        // The skip link comes first and takes focus to the main content.
        await walk.TabAsync();
        Assert.Equal("a#.skip-link", await page.FocusedAsync());
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main#main.wrap", await page.FocusedAsync());

        await walk.TabToAsync("#client");
        Assert.Equal(UiClients.Steward.ClientId, await page.Locator("#client").InputValueAsync());
        await walk.TabToAsync("form:has(#client) button");
        await walk.EnterAndWaitAsync("**/ui/agreements");

        await walk.TabToAsync("main a.button");
        await walk.EnterAndWaitAsync("**/ui/agreements/new");

        await walk.TabToAsync("#grantee-organisation");
        await page.Keyboard.TypeAsync("91440300MA5KEYBD1X");
        await walk.TabToAsync("#categories-education");
        await page.Keyboard.PressAsync("Space");
        await walk.TabToAsync("#purposes-matching");
        await page.Keyboard.PressAsync("Space");
        await walk.TabToAsync("#legal-basis");
        await page.Keyboard.TypeAsync("Provincial approval 2026-17");
        await walk.TabToAsync("form.agreement-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".error-summary").WaitForAsync();

        // Without dates the form comes back: the summary holds focus, and its first link leads to the field.
        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        await walk.TabAsync();
        var target = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(target, "#" + await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await walk.TabToAsync("#valid-from");
        await page.Keyboard.TypeAsync("2026-01-01");
        await walk.TabToAsync("#valid-through");
        await page.Keyboard.TypeAsync("2099-12-31");
        await walk.TabToAsync("form.agreement-form button[type=submit]");
        await walk.EnterAndWaitAsync("**/history?recorded=1");
        Assert.Equal("已记录第 1 版。", await page.Locator("[role=status]").TextContentAsync());

        await walk.TabToAsync("main a[href$='/revoke']");
        await walk.EnterAndWaitAsync("**/revoke");
        await walk.TabToAsync("main form button[type=submit]");
        await walk.EnterAndWaitAsync("**/history?revoked=2");
        Assert.Equal("协议已撤销（第 2 版）。", await page.Locator("[role=status]").TextContentAsync());

        Assert.True(walk.WithoutVisibleFocus.Count == 0, PageChecks.Describe(walk.WithoutVisibleFocus));
    }
}
