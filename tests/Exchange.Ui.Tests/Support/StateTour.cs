using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>
/// Walks a fresh hub through every page in every state a reader meets — signed out, an empty
/// list, a form with errors, a filled list, a history, a revocation, a missing agreement, a
/// forbidden page — and runs a check at each stop.
/// </summary>
public static class StateTour
{
    public static async Task VisitEveryStateAsync(this IPage page, UiHub hub, string language, Func<string, Task> check)
    {
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await check("sign-in");

        await page.SignInAsync(hub, UiClients.Steward);
        await check("empty list");

        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        await check("new agreement form");

        await page.Locator("form.agreement-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("new agreement form with errors");

        var history = await page.CreateAgreementAsync(hub, "91440300MA5TOUR01X");
        await check("history after recording");

        await page.GotoAsync(hub.Page("/ui/agreements"));
        await check("filled list");

        await page.GotoAsync(history.Replace("/history?recorded=1", "/revise", StringComparison.Ordinal));
        await check("new version form");

        await page.Locator("#legal-basis").FillAsync("");
        await page.Locator("#valid-through").FillAsync("2025-01-01");
        await page.Locator("form.agreement-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("new version form with errors");

        await page.GotoAsync(history.Replace("/history?recorded=1", "/revoke", StringComparison.Ordinal));
        await check("revoke confirmation");

        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/history?revoked=*");
        await check("history after revoking");

        await page.GotoAsync(hub.Page($"/ui/agreements/{Guid.NewGuid()}/history"));
        await check("missing agreement");

        await page.SignOutAsync();
        await page.SignInAsync(hub, UiClients.Matcher);
        await page.WaitForPageAsync("**/ui/forbidden**");
        await check("forbidden");
    }
}
