using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>
/// What a new user does first: runs the README's first command with the demo, opens the address
/// it printed, and with the keyboard alone, in either language, signs in as a steward, records an
/// agreement, withdraws a consent and verifies the audit, then signs in as a graduate and sees
/// their records and consents.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class DemoWalkthroughTests(UiFixture fixture)
{
    // A consent of samples/consent.valid.json, of the sample graduate the demo names.
    private const string SampleConsent = "PKU-CON-2026-0001-G";

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task A_new_user_runs_the_demo_and_does_the_steward_and_graduate_tasks_with_the_keyboard_alone(string language)
    {
        await using var hub = await DemoHubProcess.StartAsync();
        // What the command printed is all the user knows: the steward to pick and a graduate's resident id.
        Assert.Contains("as the steward demo-steward", hub.Output, StringComparison.Ordinal);
        var residentId = System.Text.RegularExpressions.Regex.Match(hub.Output, @"resident id, e\.g\. (\d{17}[\dX])").Groups[1].Value;
        Assert.NotEmpty(residentId);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var walk = new KeyboardWalk(page);
        await page.GotoAsync(hub.Pages);
        await page.WaitForPageAsync("**/ui/sign-in**");
        if (language == PageLanguages.English)
        {
            await walk.TabToAsync($"header a[hreflang='{PageLanguages.English}']");
            await walk.EnterAndWaitAsync("**/ui/sign-in**");
        }
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        var english = language == PageLanguages.English;

        // The steward, first in the development sign-in's list.
        await walk.TabToAsync("#client");
        Assert.Equal("demo-steward", await page.Locator("#client").InputValueAsync());
        await walk.TabToAsync("form:has(#client) button");
        await walk.EnterAndWaitAsync("**/ui/agreements");

        await walk.TabToAsync("main a.button");
        await walk.EnterAndWaitAsync("**/ui/agreements/new");
        await walk.TabToAsync("#grantee-organisation");
        await page.Keyboard.TypeAsync("11410100MB0123456B");
        await walk.TabToAsync("#categories-hardship");
        await page.Keyboard.PressAsync("Space");
        await walk.TabToAsync("#purposes-service-delivery");
        await page.Keyboard.PressAsync("Space");
        await walk.TabToAsync("#valid-from");
        await page.Keyboard.TypeAsync("2026-01-01");
        await walk.TabToAsync("#valid-through");
        await page.Keyboard.TypeAsync("2099-12-31");
        await walk.TabToAsync("#legal-basis");
        await page.Keyboard.TypeAsync("Employment Promotion Law, art. 55");
        await walk.TabToAsync("form.agreement-form button[type=submit]");
        await walk.EnterAndWaitAsync("**/history?recorded=1");
        Assert.Equal(english ? "Version 1 recorded." : "已记录第 1 版。", await page.Locator("[role=status]").TextContentAsync());

        await walk.TabToAsync("header a[href='/ui/consents']");
        await walk.EnterAndWaitAsync("**/ui/consents");
        await walk.TabToAsync("#search-resident-id");
        await page.Keyboard.TypeAsync(residentId);
        await walk.TabToAsync("form:has(#search-resident-id) button");
        await walk.EnterAndWaitAsync("**/ui/consents?subject=*");
        await walk.TabToAsync($"main a[href$='{SampleConsent}/withdraw']");
        await walk.EnterAndWaitAsync("**/withdraw");
        await walk.TabToAsync("main form button[type=submit]");
        await walk.EnterAndWaitAsync($"**withdrawn={SampleConsent}");
        Assert.Equal(english ? $"Consent {SampleConsent} withdrawn, from now on." : $"授权 {SampleConsent} 已撤回，自即刻起生效。",
            (await page.Locator("[role=status]").TextContentAsync())?.Trim());

        await walk.TabToAsync("header a[href='/ui/audit']");
        await walk.EnterAndWaitAsync("**/ui/audit");
        await walk.TabToAsync("main a[href='/ui/audit/verify']");
        await walk.EnterAndWaitAsync("**/ui/audit/verify");
        await walk.TabToAsync("main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("section.verified[role=status]").WaitForAsync();

        await walk.TabToAsync("header form button[type=submit]");
        await walk.EnterAndWaitAsync("**/ui/sign-in");

        // The graduate, through the demo's university.
        await walk.TabToAsync("#resident-id");
        await page.Keyboard.TypeAsync(residentId);
        await walk.TabToAsync("form:has(#resident-id) button");
        await walk.EnterAndWaitAsync("**/ui/me");
        Assert.Contains("张晓雯", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await walk.TabToAsync("header a[href='/ui/me/consents']");
        await walk.EnterAndWaitAsync("**/ui/me/consents");
        // Both of the graduate's sample consents: the one the steward withdrew, no longer to be withdrawn; the other still.
        Assert.Equal(2, await page.Locator("main table tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator($"main a[href*='{SampleConsent}']").CountAsync());
        Assert.Equal(1, await page.Locator("main a[href*='PKU-CON-2026-0001-S']").CountAsync());
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));

        Assert.True(walk.WithoutVisibleFocus.Count == 0, PageChecks.Describe(walk.WithoutVisibleFocus));
    }
}
