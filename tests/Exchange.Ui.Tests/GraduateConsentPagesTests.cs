using Microsoft.Playwright;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>A graduate gives and withdraws their own consents, each after reading what it does, through the consent store's own rules.</summary>
[Collection(UiCollection.Name)]
public sealed class GraduateConsentPagesTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    [Fact]
    public async Task A_consent_given_on_the_pages_after_reading_its_effect_is_the_consent_the_steward_API_reads()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);
        var before = await StewardConsents.OfAsync(hub, GraduateBrowser.Zhang);

        await page.GiveConsentAsync(hub, "matcher", ["education", "outcomes"], ["matching"], "2030-06-30");
        Assert.Equal("所有匹配方将可以获得您的教育、就业去向，用于岗位匹配，自今天起至 2030-06-30 为止，但前提是另有数据共享协议也允许。您可以随时撤回这项授权。",
            await page.Locator("#give-effect").TextContentAsync());
        Assert.Equal(before.Count, (await StewardConsents.OfAsync(hub, GraduateBrowser.Zhang)).Count);

        await page.Locator("main form button:not(.secondary)").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=given", PageLanding.ConsentWriteTimeout);
        Assert.Equal("您的授权已记录并生效。", await page.Locator("[role=status]").TextContentAsync());

        var given = Assert.Single((await StewardConsents.OfAsync(hub, GraduateBrowser.Zhang)).Except(before));
        Assert.Equal((null, "matcher"), (given.Grantee.Organisation, given.Grantee.Role));
        Assert.Equal(["education", "outcomes"], given.Categories);
        Assert.Equal(["matching"], given.Purposes);
        Assert.Equal((new DateOnly(2030, 6, 30), "active"), (given.ValidThrough, given.Status));
        Assert.Equal(("online-click", GraduateBrowser.University.Organisation), (given.EvidenceMethod, given.SourceOrganisation));
        Assert.Contains("所有匹配方", await page.Locator("main table").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task A_consent_that_mixes_sensitive_and_other_categories_is_refused_on_the_categories_with_the_consent_rules_code(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/me/consents/give"));
        var before = await StewardConsents.OfAsync(hub, GraduateBrowser.Li);

        await page.Locator("#grantee-role").SelectOptionAsync("employer");
        await page.Locator("#categories-education").CheckAsync();
        await page.Locator("#categories-hardship").CheckAsync();
        await page.Locator("#purposes-matching").CheckAsync();
        await page.Locator("#valid-through").FillAsync("2030-06-30");
        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        var expected = language == PageLanguages.English ? "Sensitive categories (hardship, disability) need a consent of their own" : "敏感个人信息（困难身份、残疾）须单独取得同意";
        Assert.Contains(expected, await page.Locator("#categories-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("#categories-identity", await page.Locator(".error-summary a").First.GetAttributeAsync("href"));
        // What was chosen comes back chosen, and nothing was recorded.
        Assert.True(await page.Locator("#categories-hardship").IsCheckedAsync());
        Assert.Equal(before.Count, (await StewardConsents.OfAsync(hub, GraduateBrowser.Li)).Count);
    }

    [Fact]
    public async Task A_consent_withdrawn_on_the_pages_after_reading_its_effect_is_withdrawn_in_the_store()
    {
        var hub = await hubs.GetAsync(fixture);
        await StewardConsents.RecordAsync(hub, GraduateBrowser.Zhang, "STEWARD-ZHANG-WITHDRAW");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);
        await page.GotoAsync(hub.Page("/ui/language/en?return=/ui/me/consents"));

        await page.GotoAsync(hub.Page($"/ui/me/consents/{UiClients.Steward.Organisation}/STEWARD-ZHANG-WITHDRAW/withdraw"));
        Assert.StartsWith("every employer will no longer receive your education for matching from now on. What they already received",
            await page.Locator("#withdraw-effect").TextContentAsync(), StringComparison.Ordinal);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=withdrawn", PageLanding.ConsentWriteTimeout);

        var withdrawn = Assert.Single(await StewardConsents.OfAsync(hub, GraduateBrowser.Zhang), c => c.SourceRecordId == "STEWARD-ZHANG-WITHDRAW");
        Assert.Equal("withdrawn", withdrawn.Status);
        Assert.NotNull(withdrawn.WithdrawnAt);
    }

    [Fact]
    public async Task A_graduate_cannot_withdraw_another_subjects_consent_by_its_address()
    {
        var hub = await hubs.GetAsync(fixture);
        await StewardConsents.RecordAsync(hub, GraduateBrowser.Li, "STEWARD-LI-GUARDED");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);

        var address = $"/ui/me/consents/{UiClients.Steward.Organisation}/STEWARD-LI-GUARDED/withdraw";
        var shown = await page.GotoAsync(hub.Page(address));
        Assert.Equal(404, shown!.Status);
        Assert.Equal(0, await page.Locator("main form").CountAsync());

        // A post made by hand, with a valid anti-forgery token from the graduate's own page, changes nothing either.
        await page.GotoAsync(hub.Page("/ui/me/consents/give"));
        var token = await page.Locator("input[name=__antiforgery]").First.InputValueAsync();
        var posted = await page.APIRequest.PostAsync(hub.Page(address), new() { Form = FormWith(context, token) });
        Assert.Equal(404, posted.Status);
        Assert.Equal("active", Assert.Single(await StewardConsents.OfAsync(hub, GraduateBrowser.Li), c => c.SourceRecordId == "STEWARD-LI-GUARDED").Status);
        Assert.DoesNotContain("李建国", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static Microsoft.Playwright.IFormData FormWith(Microsoft.Playwright.IBrowserContext context, string token)
    {
        var form = context.APIRequest.CreateFormData();
        form.Set("__antiforgery", token);
        return form;
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Withdrawing_part_of_a_consent_says_what_stays_then_keeps_it_as_a_new_consent_and_withdraws_the_old(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/me/consents"));
        // A last day of each language's own, so that each run finds its own consent.
        var through = language == PageLanguages.English ? "2032-06-30" : "2031-06-30";
        await page.GiveConsentAsync(hub, "bureau", ["education", "outcomes"], ["matching", "service-delivery"], through);
        await page.Locator("main form button:not(.secondary)").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=given", PageLanding.ConsentWriteTimeout);
        var before = await StewardConsents.OfAsync(hub, GraduateBrowser.Li);
        var original = Assert.Single(before, c => c.Grantee.Role == "bureau" && c.Status == "active" && c.Categories.Count == 2
            && c.ValidThrough == DateOnly.Parse(through, System.Globalization.CultureInfo.InvariantCulture));

        await page.GotoAsync(hub.Page($"/ui/me/consents/{original.SourceOrganisation}/{original.SourceRecordId}/withdraw"));
        await page.Locator("#keep-categories-education").CheckAsync();
        await page.Locator("#keep-purposes-matching").CheckAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator("input[name=confirmed]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var english = language == PageLanguages.English;
        Assert.Equal(english
                ? $"From now on, every bureau will receive only your education for matching, until {through}; everything else this consent allowed is withdrawn from now on. What they already received was received lawfully, and withdrawing does not undo it (PIPL art. 15)."
                : $"自即刻起，所有政府部门只能获得您的教育（用于岗位匹配），直至 {through}；这项授权原先允许的其他信息和用途自即刻起撤回。此前已获得的信息是合法获得的，撤回不影响此前的处理（《个人信息保护法》第十五条）。",
            await page.Locator("#withdraw-effect").TextContentAsync());
        // Nothing changes until the graduate confirms.
        Assert.Equal(before.Count, (await StewardConsents.OfAsync(hub, GraduateBrowser.Li)).Count);

        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=narrowed", PageLanding.ConsentWriteTimeout);

        var after = await StewardConsents.OfAsync(hub, GraduateBrowser.Li);
        Assert.Equal("withdrawn", Assert.Single(after, c => c.SourceRecordId == original.SourceRecordId).Status);
        var kept = Assert.Single(after, c => before.All(b => b.SourceRecordId != c.SourceRecordId));
        Assert.Equal(("bureau", "active", original.ValidThrough), (kept.Grantee.Role, kept.Status, kept.ValidThrough));
        Assert.Equal(["education"], kept.Categories);
        Assert.Equal(["matching"], kept.Purposes);
    }

    [Fact]
    public async Task Keeping_every_part_of_a_consent_is_refused_on_the_choice_and_nothing_is_withdrawn()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);
        await page.GiveConsentAsync(hub, "matcher", ["education", "outcomes"], ["statistics"], "2031-06-30");
        await page.Locator("main form button:not(.secondary)").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/consents?done=given", PageLanding.ConsentWriteTimeout);
        var before = await StewardConsents.OfAsync(hub, GraduateBrowser.Zhang);
        var consent = Assert.Single(before, c => c.Grantee.Role == "matcher" && c.Purposes.SequenceEqual(["statistics"]) && c.Status == "active");

        await page.GotoAsync(hub.Page($"/ui/me/consents/{consent.SourceOrganisation}/{consent.SourceRecordId}/withdraw"));
        Assert.Equal(0, await page.Locator("input[name=keepPurposes]").CountAsync());
        await page.Locator("#keep-categories-education").CheckAsync();
        await page.Locator("#keep-categories-outcomes").CheckAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Equal("#keep-categories-education", await page.Locator(".error-summary a").GetAttributeAsync("href"));
        Assert.Contains("您勾选了这项授权的全部内容", await page.Locator("#keep-categories-education-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Select(c => (c.SourceRecordId, c.Status)), (await StewardConsents.OfAsync(hub, GraduateBrowser.Zhang)).Select(c => (c.SourceRecordId, c.Status)));
    }
}
