using System.Net.Http.Json;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub.Steward;
using Exchange.Testing;
using Exchange.Ui.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Ui.Tests;

/// <summary>The consents pages do what the steward API does, by its rules and with its coded problems, in the reader's language.</summary>
[Collection(UiCollection.Name)]
public sealed class ConsentPagesTests(UiFixture fixture)
{
    [Fact]
    public async Task A_consent_recorded_found_by_resident_id_and_withdrawn_through_the_pages_is_what_the_API_reads()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        var key = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(StewardBrowser.ResidentId)!;

        var subjectPage = await page.RecordConsentAsync(hub, "PAGES-CON-1");

        Assert.Contains($"subject={key}", subjectPage, StringComparison.Ordinal);
        Assert.Equal("已记录授权 PAGES-CON-1。", await page.Locator("[role=status]").TextContentAsync());
        using var api = hub.Api(UiClients.Steward);
        var recorded = Assert.Single((await api.GetFromJsonAsync<List<ConsentResponse>>($"/v1/steward/consents?subject={key}"))!);
        Assert.Equal((new GranteeDto(null, "matcher"), "active"), (recorded.Grantee, recorded.Status));
        Assert.Equal(["matching"], recorded.Purposes);
        Assert.Equal(["education"], recorded.Categories);
        Assert.Equal(("signed-form", "FORM-PAGES-CON-1"), (recorded.EvidenceMethod, recorded.EvidenceReference));
        Assert.Equal((UiClients.Steward.Organisation, "PAGES-CON-1"), (recorded.SourceOrganisation, recorded.SourceRecordId));

        // Found again by the resident id, which is posted and leads to the linkage key's address, never its own.
        await page.GotoAsync(hub.Page("/ui/consents"));
        await page.Locator("#search-resident-id").FillAsync(StewardBrowser.ResidentId);
        await page.Locator("form:has(#search-resident-id) button[type=submit]").ClickAsync();
        await page.WaitForPageAsync($"**/ui/consents?subject={key}");
        Assert.Equal(1, await page.Locator("table tbody tr").CountAsync());

        // Found by a handle read in the audit: the handle leads to the linkage key's address too.
        var released = hub.Services.GetRequiredService<SubjectHandles>().Candidate(UiClients.Steward.Organisation, key);
        await hub.Services.GetRequiredService<IHandleDirectory>().RememberAsync(
            [new IssuedHandle(UiClients.Steward.Organisation, released, key)], DateTimeOffset.UtcNow, TestTimeout.Token());
        await page.GotoAsync(hub.Page("/ui/consents"));
        await page.Locator("#subject-key").FillAsync(released);
        await page.Locator("#subject-key").PressAsync("Enter");
        await page.WaitForPageAsync($"**/ui/consents?subject={key}");
        await page.GotoAsync(hub.Page("/ui/consents?subject=cand_aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        Assert.Equal("#subject-key", await page.Locator(".error-summary a").GetAttributeAsync("href"));
        await page.GotoAsync(hub.Page($"/ui/consents?subject={key}"));

        await page.Locator("main a[href$='/withdraw']").ClickAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/consents?subject=*&withdrawn=PAGES-CON-1", PageLanding.ConsentWriteTimeout);

        var withdrawn = Assert.Single((await api.GetFromJsonAsync<List<ConsentResponse>>($"/v1/steward/consents?subject={key}"))!);
        Assert.Equal("withdrawn", withdrawn.Status);
        Assert.NotNull(withdrawn.WithdrawnAt);
        var change = Assert.Single((await api.GetFromJsonAsync<List<ConsentChangeResponse>>("/v1/steward/consents/changes"))!);
        Assert.Equal(("withdrawn", "PAGES-CON-1"), (change.Kind, change.ConsentRecordId));
        Assert.Equal(0, await page.Locator("main a[href$='/withdraw']").CountAsync());
        var audit = await hub.AuditAsync(UiClients.Steward.ClientId);
        Assert.DoesNotContain(StewardBrowser.ResidentId, string.Join("\n", audit.Select(e => e.ToString())), StringComparison.Ordinal);
        // The page's reads of the subject's consents are audited like the API's, under the subject's handle.
        Assert.Contains(audit, e => e.Rule == "steward.consent-read" && e.Action.Contains("/ui/consents", StringComparison.Ordinal) && e.SubjectHandle.StartsWith("cand_", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task The_APIs_coded_problems_come_in_the_readers_language_each_on_its_field_and_nothing_is_recorded(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/consents/new"));
        await page.FillConsentAsync("PAGES-CON-BAD");
        // What the schema refuses: an id one digit short, no purpose, and no time of giving.
        await page.Locator("#resident-id").FillAsync("4101022003041202");
        await page.Locator("#purposes-matching").UncheckAsync();
        await page.Locator("#categories-hardship").CheckAsync();
        await page.Locator("#given-at").FillAsync("");

        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        Assert.StartsWith(language == PageLanguages.English ? "Error: " : "错误：", await page.TitleAsync(), StringComparison.Ordinal);
        // The schema's own words for a missing property, in the reader's language.
        Assert.Contains(language == PageLanguages.English ? "'givenAt' is required." : "缺少必填字段“givenAt”。",
            await page.Locator("#given-at-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("given-at-hint given-at-error", await page.Locator("#given-at").GetAttributeAsync("aria-describedby"));
        foreach (var field in new[] { "resident-id", "given-at" })
            Assert.Equal("true", await page.Locator($"#{field}").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await page.Locator("#resident-id-error").CountAsync());
        Assert.Equal(1, await page.Locator("#purposes-error").CountAsync());
        Assert.Equal("purposes-hint purposes-error", await page.Locator("fieldset:has(#purposes-matching)").GetAttributeAsync("aria-describedby"));
        // Every link of the summary leads to a control that exists, and the form keeps what was typed.
        foreach (var href in await page.Locator(".error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            Assert.Equal(1, await page.Locator(href).CountAsync());
        Assert.Equal("PAGES-CON-BAD", await page.Locator("#record-id").InputValueAsync());
        Assert.True(await page.Locator("#categories-hardship").IsCheckedAsync());
        var store = hub.Services.GetRequiredService<Exchange.Access.Consent.ConsentStore>();
        Assert.Empty(await store.ListAllAsync(TestTimeout.Token()));
    }

    [Fact]
    public async Task A_wrong_check_character_and_a_sensitive_category_beside_another_are_refused_each_on_its_field()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/consents/new"));
        await page.FillConsentAsync("PAGES-CON-MIXED");
        await page.Locator("#categories-disability").CheckAsync();
        await page.Locator("#resident-id").FillAsync("410102200304120223");

        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        var checkCharacter = ResidentIdProblems.Of(Exchange.Core.Identifiers.ResidentIdError.CheckCharacter, "")!;
        Assert.Contains(checkCharacter.MessageZh, await page.Locator("#resident-id-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("敏感", await page.Locator("#categories-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(["#resident-id", "#categories-identity"], await page.Locator(".error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        var store = hub.Services.GetRequiredService<Exchange.Access.Consent.ConsentStore>();
        Assert.Empty(await store.ListAllAsync(TestTimeout.Token()));
    }

    [Fact]
    public async Task A_malformed_resident_id_search_is_answered_on_its_field_and_the_id_is_in_no_address_and_no_audit_entry()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/consents"));
        const string Mistyped = "41010220030412022";

        await page.Locator("#search-resident-id").FillAsync(Mistyped);
        await page.Locator("form:has(#search-resident-id) button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Contains("公民身份号码应为 17 位数字", await page.Locator("#search-resident-id-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("", await page.Locator("#search-resident-id").InputValueAsync());
        Assert.DoesNotContain(Mistyped, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(Mistyped, await page.ContentAsync(), StringComparison.Ordinal);

        await page.Locator("#search-resident-id").FillAsync(StewardBrowser.OtherResidentId);
        await page.Locator("form:has(#search-resident-id) button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/consents?subject=*");
        Assert.DoesNotContain(StewardBrowser.OtherResidentId, page.Url, StringComparison.Ordinal);
        Assert.Equal("该主体没有任何授权记录。", await page.Locator("main p:not(.identifier):not(.hint)").Last.TextContentAsync());
    }

    [Fact]
    public async Task A_stewards_read_of_a_consent_on_its_withdraw_page_is_audited_under_the_subjects_handle()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.RecordConsentAsync(hub, "PAGES-WITHDRAW-READ");
        var key = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(StewardBrowser.ResidentId)!;
        var handle = hub.Services.GetRequiredService<SubjectHandles>().Candidate(UiClients.Steward.Organisation, key);

        // The confirmation shows whose consent it is and what it shares: a read of the subject's consent like any other.
        await page.GotoAsync(hub.Page($"/ui/consents/{UiClients.Steward.Organisation}/PAGES-WITHDRAW-READ/withdraw"));
        Assert.Equal(1, await page.Locator("main form button[type=submit]").CountAsync());

        Assert.Contains(await hub.AuditAsync(UiClients.Steward.ClientId), e => e.Rule == "steward.consent-read"
            && e.Action.EndsWith("/withdraw", StringComparison.Ordinal) && e.Action.StartsWith("GET ", StringComparison.Ordinal) && e.SubjectHandle == handle);
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task A_consents_versions_page_shows_each_version_newest_first_with_its_change_in_words_and_the_read_is_audited(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.SignInAsync(hub, UiClients.Steward);
        await page.RecordConsentAsync(hub, "PAGES-VERSIONS-1");
        await page.Locator("main a[href$='/withdraw']").ClickAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/consents?subject=*&withdrawn=PAGES-VERSIONS-1", PageLanding.ConsentWriteTimeout);

        await page.Locator("main a[href$='/history']").ClickAsync();
        await page.WaitForPageAsync($"**/ui/consents/{UiClients.Steward.Organisation}/PAGES-VERSIONS-1/history");

        var english = language == PageLanguages.English;
        Assert.Equal(english ? "Versions of a consent" : "授权的版本历史", await page.Locator("h1").TextContentAsync());
        var rows = page.Locator("main table tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal(["2", "1"], await page.Locator("main table tbody th").AllInnerTextsAsync());
        Assert.Equal(english ? ["withdrawn", "first received"] : ["撤回", "首次收到"], await page.Locator("main table tbody td:nth-of-type(1)").AllInnerTextsAsync());
        Assert.Equal(english ? ["withdrawn", "active"] : ["已撤回", "有效"],
            await page.Locator("main table tbody td[data-label='" + (english ? "Status" : "状态") + "']").AllInnerTextsAsync());
        Assert.Contains(await hub.AuditAsync(UiClients.Steward.ClientId), e => e.Rule == "steward.consent-history-read"
            && e.Action.EndsWith("/history", StringComparison.Ordinal) && e.SubjectHandle.StartsWith("cand_", StringComparison.Ordinal));

        await page.GotoAsync(hub.Page($"/ui/consents/{UiClients.Steward.Organisation}/NO-SUCH-CONSENT/history"));
        Assert.Equal(english ? "Not found" : "未找到", await page.Locator("h1").TextContentAsync());
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Every_consents_page_in_every_state_passes_axe_names_every_control_and_reflows_at_320_pixels(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var checks = new StateChecks(page, context, language);

        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/consents"));
        await checks.CheckAsync("search");
        await page.Locator("form:has(#search-resident-id) button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await checks.CheckAsync("search with errors");
        await page.GotoAsync(hub.Page("/ui/consents?subject=0000"));
        await checks.CheckAsync("a subject without consents");
        await page.GotoAsync(hub.Page("/ui/consents/new"));
        await checks.CheckAsync("new consent form");
        await page.Locator("form.consent-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await checks.CheckAsync("new consent form with errors");
        await page.RecordConsentAsync(hub, "TOUR-CON-1");
        await checks.CheckAsync("a subject's consents after recording");
        await page.Locator("main a[href$='/withdraw']").ClickAsync();
        await page.WaitForPageAsync("**/withdraw");
        var withdrawPage = page.Url;
        await checks.CheckAsync("withdraw confirmation");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/consents?subject=*&withdrawn=*", PageLanding.ConsentWriteTimeout);
        await checks.CheckAsync("a subject's consents after withdrawing");
        await page.GotoAsync(withdrawPage);
        await checks.CheckAsync("withdrawing a withdrawn consent");
        await page.GotoAsync(withdrawPage.Replace("/withdraw", "/history", StringComparison.Ordinal));
        await checks.CheckAsync("a consent's versions");
        await page.GotoAsync(hub.Page("/ui/consents/NOBODY/NOTHING/withdraw"));
        await checks.CheckAsync("missing consent");
        await page.GotoAsync(hub.Page("/ui/consents/NOBODY/NOTHING/history"));
        await checks.CheckAsync("versions of a missing consent");
        await page.SignOutAsync();
        await page.SignInAsync(hub, UiClients.Auditor);
        await page.GotoAsync(hub.Page("/ui/consents"));
        await checks.CheckAsync("forbidden");

        Assert.Equal(13, checks.States.Count);
        Assert.True(checks.Problems.Count == 0, PageChecks.Describe(checks.Problems));
    }

    [Fact]
    public async Task A_steward_finds_and_withdraws_a_consent_with_the_keyboard_alone_and_always_sees_where_focus_is()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        var subjectPage = await page.RecordConsentAsync(hub, "KEYS-CON-1");
        var key = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(StewardBrowser.ResidentId)!;
        var walk = new KeyboardWalk(page);
        await page.GotoAsync(hub.Page("/ui/consents"));

        await walk.TabToAsync("#subject-key");
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync($"**/ui/consents?subject={key}");
        await walk.TabToAsync("main a[href$='/withdraw']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/KEYS-CON-1/withdraw");
        await walk.TabToAsync("main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/consents?subject=*&withdrawn=KEYS-CON-1", PageLanding.ConsentWriteTimeout);

        Assert.Equal("授权 KEYS-CON-1 已撤回，自即刻起生效。", await page.Locator("[role=status]").TextContentAsync());
        using var api = hub.Api(UiClients.Steward);
        Assert.Equal("withdrawn", Assert.Single((await api.GetFromJsonAsync<List<ConsentResponse>>($"/v1/steward/consents?subject={key}"))!).Status);
        Assert.True(walk.WithoutVisibleFocus.Count == 0, PageChecks.Describe(walk.WithoutVisibleFocus));
        Assert.Contains(key, subjectPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_without_the_stewards_scope_gets_the_403_page_audited_as_the_APIs_refusal()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Auditor);

        var response = await page.GotoAsync(hub.Page("/ui/consents/new"));

        Assert.Equal(403, response!.Status);
        var refusal = Assert.Single(await hub.AuditAsync(UiClients.Auditor.ClientId), e => e.Action == "GET /ui/consents/new");
        Assert.Equal(("deny", "scope.missing"), (refusal.Decision, refusal.Rule));
    }
}
