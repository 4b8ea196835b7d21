using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>Walks the graduate's pages through every state a graduate meets, and runs a check at each stop.</summary>
public static class GraduateStateTour
{
    /// <summary>A graduate the hub holds nothing about.</summary>
    public const string Unknown = "11010519491231002X";

    public static async Task VisitEveryGraduateStateAsync(this IPage page, UiHub hub, string language, Func<string, Task> check)
    {
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.Locator("#resident-id").FillAsync("123");
        await page.Locator("form:has(#resident-id) button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("sign-in with a resident id that is not one");

        await page.SignInAsGraduateAsync(hub, Unknown);
        await check("my data, empty");

        await page.GotoAsync(hub.Page("/ui/me/jobs"));
        await check("recommended jobs, none");

        await page.GotoAsync(hub.Page("/ui/me/consents"));
        await check("my consents, empty");

        await page.GotoAsync(hub.Page("/ui/me/consents/give"));
        await check("the consent form");

        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("the consent form with errors");

        await page.GotoAsync(hub.Page("/ui/me/requests"));
        await check("my requests, empty");

        await page.GotoAsync(hub.Page("/ui/me/requests/new"));
        await check("the request form");

        await page.Locator("form.request-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("the request form with errors");

        await page.Locator("#request-kind").CheckAsync();
        await page.Locator("#details").FillAsync("The record is wrong.");
        await page.Locator("form.request-form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/requests?sent=true");
        await check("my requests, filled");

        await page.GotoAsync(hub.Page("/ui/agreements"));
        await page.WaitForPageAsync("**/ui/forbidden**");
        await check("a steward page, forbidden to a graduate");

        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);
        await check("my data, filled");

        await page.GotoAsync(hub.Page("/ui/me/jobs"));
        await check("recommended jobs, with their reasons");

        await page.GiveConsentAsync(hub, "employer", ["education", "outcomes"], ["matching"]);
        await check("a consent's effect, before confirming");

        await page.Locator("main form button:not(.secondary)").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=given");
        await check("my consents, filled");

        await page.Locator("main a[href$='/withdraw']").First.ClickAsync();
        await page.Locator("#withdraw-effect").WaitForAsync();
        await check("a withdrawal's effect, before confirming");

        await page.Locator("#keep-categories-education").CheckAsync();
        await page.Locator("#keep-categories-outcomes").CheckAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("withdrawing part, with nothing left to withdraw");

        await page.Locator("#keep-categories-outcomes").UncheckAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator("input[name=confirmed]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await check("withdrawing part, before confirming");

        await page.Locator("main form a").ClickAsync();
        await page.Locator("#keep-categories-education").WaitForAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=withdrawn");
        await check("my consents, one withdrawn");

        await page.GotoAsync(hub.Page("/ui/me/consents/91110108MA01XXXX0H/no-such-consent/withdraw"));
        await check("a consent that is not the graduate's");

        await page.SignOutAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/requests"));
        await check("the stewards' open requests");

        await page.Locator("main a[href$='/handle']").First.ClickAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await check("marking a request handled, with errors");

        await page.Locator("#note").FillAsync("Done.");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/requests?handled=true");
        await check("the stewards' requests after handling one");
    }
}
