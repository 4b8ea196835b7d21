using Microsoft.Playwright;

namespace Exchange.Ui.Tests.Support;

/// <summary>What the tests do in a page the way a steward does: sign in, fill the agreement form.</summary>
public static class StewardBrowser
{
    /// <summary>Signs in through the development sign-in as <paramref name="client"/> and lands on the agreements.</summary>
    public static async Task SignInAsync(this IPage page, UiHub hub, UiClients.Client client)
    {
        await page.GotoAsync(hub.Page("/ui/sign-in"));
        await page.Locator("#client").SelectOptionAsync(client.ClientId);
        await page.Locator("form:has(#client) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/ui/sign-in", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
    }

    /// <summary>Fills the agreement form with valid terms granting <paramref name="granteeOrganisation"/>.</summary>
    public static async Task FillAgreementAsync(this IPage page, string granteeOrganisation, string legalBasis = "Provincial approval 2026-17")
    {
        await page.Locator("#grantee-organisation").FillAsync(granteeOrganisation);
        await page.Locator("#categories-education").CheckAsync();
        await page.Locator("#purposes-matching").CheckAsync();
        await page.Locator("#valid-from").FillAsync("2026-01-01");
        await page.Locator("#valid-through").FillAsync("2099-12-31");
        await page.Locator("#legal-basis").FillAsync(legalBasis);
    }

    /// <summary>Records a new agreement through the form; returns the address of its history page.</summary>
    public static async Task<string> CreateAgreementAsync(this IPage page, UiHub hub, string granteeOrganisation)
    {
        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        await page.FillAgreementAsync(granteeOrganisation);
        await page.Locator("form.agreement-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/history?recorded=1");
        return page.Url;
    }
}
