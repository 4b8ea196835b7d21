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
        await page.WaitForPageAsync(url => !url.Contains("/ui/sign-in", StringComparison.Ordinal), "a page past the sign-in");
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
        await page.WaitForPageAsync("**/history?recorded=1");
        return page.Url;
    }

    /// <summary>A valid resident id of the samples, and one more, for consents.</summary>
    public const string ResidentId = "410102200304120222";
    public const string OtherResidentId = "510104200211030371";

    /// <summary>Fills the consent form with a valid consent of <see cref="ResidentId"/> for every matcher.</summary>
    public static async Task FillConsentAsync(this IPage page, string recordId, string residentId = ResidentId)
    {
        await page.Locator("#record-id").FillAsync(recordId);
        await page.Locator("#resident-id").FillAsync(residentId);
        await page.Locator("#grantee-role").SelectOptionAsync("matcher");
        await page.Locator("#purposes-matching").CheckAsync();
        await page.Locator("#categories-education").CheckAsync();
        await page.Locator("#valid-from").FillAsync("2026-01-01");
        await page.Locator("#valid-through").FillAsync("2099-12-31");
        await page.Locator("#given-at").FillAsync("2026-01-01T09:00:00+08:00");
        await page.Locator("#evidence-method").SelectOptionAsync("signed-form");
        await page.Locator("#evidence-reference").FillAsync("FORM-" + recordId);
    }

    /// <summary>Records a consent through the form; returns the address of its subject's consents.</summary>
    public static async Task<string> RecordConsentAsync(this IPage page, UiHub hub, string recordId, string residentId = ResidentId)
    {
        await page.GotoAsync(hub.Page("/ui/consents/new"));
        await page.FillConsentAsync(recordId, residentId);
        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/consents?subject=*&recorded=*", PageLanding.ConsentWriteTimeout);
        return page.Url;
    }

    /// <summary>Signs out with the header's button and waits for the sign-in page.</summary>
    public static async Task SignOutAsync(this IPage page)
    {
        await page.Locator("header form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/sign-in");
    }

    /// <summary>
    /// Every check a page must pass in one state, in the language <paramref name="language"/>: axe
    /// finds no WCAG A or AA violation, every control has a name, and at 320 CSS px nothing scrolls
    /// sideways and every target is at least 24 px. Adds what is wrong to <paramref name="problems"/>.
    /// </summary>
    public static async Task CheckStateAsync(this IPage page, IBrowserContext context, string language, string state, List<string> problems)
    {
        var lang = await page.Locator("html").GetAttributeAsync("lang");
        if (lang != language)
            problems.Add($"[{state}] {page.Url} has lang '{lang}'");
        problems.AddRange((await page.AxeViolationsAsync()).Select(v => $"[{state}] {v}"));
        problems.AddRange((await page.UnnamedControlsAsync(context)).Select(u => $"[{state}] {u}"));
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(320, 640);
        if (await page.ScrollsSidewaysAsync())
            problems.Add($"[{state}] {page.Url} scrolls sideways at 320 px: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
        problems.AddRange((await page.SmallTargetsAsync()).Select(t => $"[{state}] {t}"));
        await page.SetViewportSizeAsync(size.Width, size.Height);
    }
}
