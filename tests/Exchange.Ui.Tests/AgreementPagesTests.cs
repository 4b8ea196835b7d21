using System.Net.Http.Json;
using Exchange.Access.Agreements;
using Exchange.Hub.Steward;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>The agreements pages do what the steward API does, by its rules, in the reader's language.</summary>
[Collection(UiCollection.Name)]
public sealed class AgreementPagesTests(UiFixture fixture)
{
    [Fact]
    public async Task An_agreement_recorded_and_revoked_through_the_pages_is_what_the_API_reads()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);

        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        await page.FillAgreementAsync("91440300MA5PAGES01X");
        await page.Locator("#provider-organisation").FillAsync("12100000400000624D");
        await page.Locator("#categories-hardship").CheckAsync();
        await page.Locator("#purposes-service-delivery").CheckAsync();
        await page.Locator("#on-withdrawal-erase").CheckAsync();
        await page.Locator("form.agreement-form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/history?recorded=1");

        using var api = hub.Api(UiClients.Steward);
        var recorded = Assert.Single((await api.GetFromJsonAsync<List<AgreementResponse>>("/v1/steward/agreements"))!);
        Assert.Equal(new GranteeDto("91440300MA5PAGES01X", null), recorded.Grantee);
        Assert.Equal("12100000400000624D", recorded.ProviderOrganisation);
        Assert.Equal(["education", "hardship"], recorded.Categories);
        Assert.Equal(["matching", "service-delivery"], recorded.Purposes);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2099, 12, 31)), (recorded.ValidFrom, recorded.ValidThrough));
        Assert.Equal(("erase", "steward-console"), (recorded.OnWithdrawal, recorded.RecordedBy));

        await page.GotoAsync(hub.Page($"/ui/agreements/{recorded.Id}/revoke"));
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/history?revoked=2");

        Assert.Empty((await api.GetFromJsonAsync<List<AgreementResponse>>("/v1/steward/agreements"))!);
        var history = (await api.GetFromJsonAsync<List<AgreementResponse>>($"/v1/steward/agreements/{recorded.Id}/history"))!;
        Assert.Equal(["active", "revoked"], history.Select(v => v.Status));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task An_unknown_withdrawal_term_gets_the_APIs_coded_problem_in_the_readers_language_on_its_field(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/agreements/new"));
        await page.FillAgreementAsync("91440300MA5PAGES02X");

        // What a client other than these pages could post: a term the form does not offer.
        await page.Locator("#on-withdrawal-erase").EvaluateAsync("radio => { radio.value = 'forget'; radio.checked = true; }");
        await page.Locator("form.agreement-form button[type=submit]").ClickAsync();

        var expected = WithdrawalTerms.UnknownProblem("forget");
        var message = page.Locator("#on-withdrawal-error");
        Assert.Contains(language == PageLanguages.English ? expected.Message : expected.MessageZh, await message.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("on-withdrawal-error", await page.Locator("fieldset:has(#on-withdrawal-retain)").GetAttributeAsync("aria-describedby"));
        Assert.Equal("#on-withdrawal-retain", await page.Locator(".error-summary a").GetAttributeAsync("href"));
        using var api = hub.Api(UiClients.Steward);
        Assert.Equal("[]", await api.GetStringAsync("/v1/steward/agreements"));
    }

    [Fact]
    public async Task Every_error_is_on_its_field_and_in_a_summary_that_takes_focus_and_the_form_keeps_what_was_typed()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        await page.Locator("#grantee-organisation").FillAsync("91440300MA5PAGES03X");
        await page.Locator("#grantee-role").SelectOptionAsync("matcher");
        await page.Locator("#categories-contact").CheckAsync();
        await page.Locator("#purposes-research").CheckAsync();
        await page.Locator("#valid-through").FillAsync("2026-13-45");

        await page.Locator("form.agreement-form button[type=submit]").ClickAsync();

        Assert.Equal("alert", await page.Locator(".error-summary").GetAttributeAsync("role"));
        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        Assert.StartsWith("错误：", await page.TitleAsync(), StringComparison.Ordinal);
        // A missing and a malformed date, found by the form, and in the same answer the grantee that
        // is both an organisation and a role, found by the API's rule, each on its own field.
        Assert.Contains("请填写日期。", await page.Locator("#valid-from-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("valid-from-hint valid-from-error", await page.Locator("#valid-from").GetAttributeAsync("aria-describedby"));
        Assert.Contains("日期格式应为", await page.Locator("#valid-through-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("接收方须为一个单位或一个角色", await page.Locator("#grantee-organisation-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#grantee-organisation").GetAttributeAsync("aria-invalid"));
        Assert.Equal("grantee-organisation-error", await page.Locator("#grantee-organisation").GetAttributeAsync("aria-describedby"));
        Assert.Equal(3, await page.Locator(".error-summary li").CountAsync());
        // Every link of the summary leads to a control that exists.
        foreach (var href in await page.Locator(".error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            Assert.Equal(1, await page.Locator(href).CountAsync());
        Assert.Equal("91440300MA5PAGES03X", await page.Locator("#grantee-organisation").InputValueAsync());
        Assert.True(await page.Locator("#categories-contact").IsCheckedAsync());
        Assert.Equal("2026-13-45", await page.Locator("#valid-through").InputValueAsync());
        using var api = hub.Api(UiClients.Steward);
        Assert.Equal("[]", await api.GetStringAsync("/v1/steward/agreements"));
    }

    [Fact]
    public async Task A_new_version_from_a_stale_form_is_refused_as_the_APIs_version_conflict_and_the_newer_version_stays()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var first = await context.NewPageAsync();
        await first.SignInAsync(hub, UiClients.Steward);
        var history = await first.CreateAgreementAsync(hub, "91440300MA5PAGES04X");
        var revise = history.Replace("/history?recorded=1", "/revise", StringComparison.Ordinal);
        await first.GotoAsync(revise);
        var second = await context.NewPageAsync();
        await second.GotoAsync(revise);
        await second.Locator("#legal-basis").FillAsync("Second steward's basis");
        await second.Locator("form.agreement-form button[type=submit]").ClickAsync();
        await second.WaitForPageAsync("**/history?recorded=2");

        await first.Locator("#legal-basis").FillAsync("First steward's basis");
        await first.Locator("form.agreement-form button[type=submit]").ClickAsync();

        Assert.Contains("其他管理员已记录了第 2 版", await first.Locator(".error-summary").TextContentAsync(), StringComparison.Ordinal);
        using var api = hub.Api(UiClients.Steward);
        var current = Assert.Single((await api.GetFromJsonAsync<List<AgreementResponse>>("/v1/steward/agreements"))!);
        Assert.Equal((2, "Second steward's basis"), (current.Version, current.LegalBasis));
    }

    [Fact]
    public async Task The_language_link_switches_every_page_and_the_choice_is_kept()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));

        await page.Locator("a[hreflang=en]").ClickAsync();

        Assert.Equal(hub.Page("/ui/agreements"), page.Url);
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Agreements in force", await page.Locator("h1").TextContentAsync());
        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("zh-CN", await page.Locator("a[hreflang=zh-CN]").GetAttributeAsync("lang"));
    }
}
