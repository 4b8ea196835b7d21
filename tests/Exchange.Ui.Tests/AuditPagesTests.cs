using Exchange.Testing;
using Exchange.Ui.Tests.Support;
using Npgsql;

namespace Exchange.Ui.Tests;

/// <summary>The audit pages read the log as the audit API does, page through it without script, and verify its chain.</summary>
[Collection(UiCollection.Name)]
public sealed class AuditPagesTests(UiFixture fixture)
{
    [Fact]
    public async Task The_pages_filter_and_page_through_the_same_entries_the_audit_API_reads()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        using (var api = hub.Api(UiClients.Steward))
        {
            // Each read of the review queue is audited: more than a page of entries of one caller.
            for (var i = 0; i < 60; i++)
                (await api.GetAsync("/v1/steward/reviews", TestTimeout.Token())).EnsureSuccessStatusCode();
        }
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Auditor);
        await page.GotoAsync(hub.Page("/ui/audit"));

        await page.Locator("#caller").FillAsync(UiClients.Steward.ClientId);
        await page.Locator("form.filter-form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync($"**/ui/audit?*caller={UiClients.Steward.ClientId}*");
        var first = await page.Locator("tbody th").AllTextContentsAsync();
        await page.Locator("a[rel=next]").ClickAsync();
        await page.WaitForPageAsync("**after=*");
        var second = await page.Locator("tbody th").AllTextContentsAsync();

        var expected = (await hub.AuditAsync(UiClients.Steward.ClientId)).Select(e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(50, first.Count);
        Assert.Equal(expected, [.. first, .. second]);
        Assert.Equal(0, await page.Locator("a[rel=next]").CountAsync());
        Assert.All(await page.Locator("tbody td:nth-child(3)").AllTextContentsAsync(), caller => Assert.StartsWith(UiClients.Steward.ClientId, caller, StringComparison.Ordinal));
        await page.Locator("nav a:not([rel])").Last.ClickAsync();
        await page.WaitForPageAsync($"**/ui/audit?caller={UiClients.Steward.ClientId}");
        Assert.Equal(first, await page.Locator("tbody th").AllTextContentsAsync());
    }

    [Fact]
    public async Task The_pages_filter_by_decision_rule_and_the_start_of_the_action_with_the_keyboard_and_a_forged_decision_is_named()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        using (var api = hub.Api(UiClients.Steward))
        {
            (await api.GetAsync("/v1/steward/reviews", TestTimeout.Token())).EnsureSuccessStatusCode();
            (await api.GetAsync("/v1/steward/consents?subject=lk_audit_filter", TestTimeout.Token())).EnsureSuccessStatusCode();
        }
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Auditor);
        await page.GotoAsync(hub.Page("/ui/audit"));

        await page.Locator("#action").FillAsync("GET /v1/steward/cons");
        await page.Locator("#rule").FillAsync("steward.consent-read");
        await page.Locator("#decision").SelectOptionAsync("permit");
        await page.Locator("form.filter-form button[type=submit]").PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/audit?*decision=permit*");

        var rules = await page.Locator("tbody td:nth-child(6)").AllTextContentsAsync();
        Assert.Equal(["steward.consent-read"], rules);
        Assert.Equal("permit", await page.Locator("#decision").InputValueAsync());

        await page.GotoAsync(hub.Page("/ui/audit?decision=maybe"));
        Assert.Equal("#decision", await page.Locator(".error-summary a").GetAttributeAsync("href"));
        Assert.Equal(0, await page.Locator("table").CountAsync());
    }

    [Fact]
    public async Task A_steward_verifies_the_chain_with_the_keyboard_alone_and_an_edited_entry_is_named_where_it_broke()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Auditor);
        // Two refusals to have a chain: a page the auditor may not open, twice.
        await page.GotoAsync(hub.Page("/ui/consents"));
        await page.GotoAsync(hub.Page("/ui/reviews"));
        var walk = new KeyboardWalk(page);
        await page.GotoAsync(hub.Page("/ui/audit"));

        await walk.TabToAsync($"main a[href='/ui/audit/verify']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPageAsync("**/ui/audit/verify");
        await walk.TabToAsync("main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[role=status] h2").WaitForAsync();

        Assert.Equal("审计链完整", await page.Locator("[role=status] h2").TextContentAsync());
        Assert.True(walk.WithoutVisibleFocus.Count == 0, PageChecks.Describe(walk.WithoutVisibleFocus));

        await using (var command = hub.Database.CreateCommand("""
            alter table access.audit_entry disable trigger user;
            update access.audit_entry set rule = 'edited' where sequence = 2;
            alter table access.audit_entry enable trigger user;
            """))
        {
            await command.ExecuteNonQueryAsync(TestTimeout.Token());
        }
        await page.GotoAsync(hub.Page("/ui/language/en?return=/ui/audit/verify"));
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator("[role=status] h2").WaitForAsync();

        Assert.Equal("The audit chain is broken at entry 2", await page.Locator("[role=status] h2").TextContentAsync());
        Assert.Contains("The entry was edited", await page.Locator("[role=status]").TextContentAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Every_audit_page_in_every_state_passes_axe_names_every_control_and_reflows_at_320_pixels(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        using (var api = hub.Api(UiClients.Steward))
        {
            for (var i = 0; i < 55; i++)
                (await api.GetAsync("/v1/steward/reviews", TestTimeout.Token())).EnsureSuccessStatusCode();
        }
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var checks = new StateChecks(page, context, language);

        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/audit"));
        await checks.CheckAsync("first page");
        await page.Locator("a[rel=next]").ClickAsync();
        await page.WaitForPageAsync("**after=*");
        await checks.CheckAsync("second page");
        await page.GotoAsync(hub.Page("/ui/audit?caller=nobody"));
        await checks.CheckAsync("no entry matches");
        await page.GotoAsync(hub.Page("/ui/audit?from=yesterday&until=2026-13-01&decision=maybe"));
        await checks.CheckAsync("filters with errors");
        await page.GotoAsync(hub.Page("/ui/audit/verify"));
        await checks.CheckAsync("verify form");
        await page.Locator("#anchor").FillAsync("not an anchor");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await checks.CheckAsync("verify form with errors");
        await page.Locator("#anchor").FillAsync("");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.Locator("[role=status]").WaitForAsync();
        await checks.CheckAsync("chain intact");
        await page.SignOutAsync();
        await page.SignInAsync(hub, UiClients.Matcher);
        await page.GotoAsync(hub.Page("/ui/audit"));
        await checks.CheckAsync("forbidden");

        Assert.Equal(8, checks.States.Count);
        Assert.True(checks.Problems.Count == 0, PageChecks.Describe(checks.Problems));
    }

    [Fact]
    public async Task A_malformed_time_is_answered_on_its_field_and_a_caller_without_audit_read_gets_the_403_page_audited_as_the_APIs()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);

        await page.GotoAsync(hub.Page("/ui/audit?from=yesterday"));

        Assert.Contains("时间格式应为", await page.Locator("#from-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("from-hint from-error", await page.Locator("#from").GetAttributeAsync("aria-describedby"));
        Assert.Equal("#from", await page.Locator(".error-summary a").GetAttributeAsync("href"));
        Assert.Equal(0, await page.Locator("table").CountAsync());

        await page.SignOutAsync();
        await page.SignInAsync(hub, UiClients.Matcher);
        var response = await page.GotoAsync(hub.Page("/ui/audit"));
        Assert.Equal(403, response!.Status);
        // The page says what the audit needs, not what the agreements need.
        var reason = await page.Locator("main").InnerTextAsync();
        Assert.Contains("audit:read", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("consent:manage", reason, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("nav a[href='/ui/audit']").CountAsync());
        var refusal = Assert.Single(await hub.AuditAsync(UiClients.Matcher.ClientId), e => e.Action == "GET /ui/audit");
        Assert.Equal(("deny", "scope.missing"), (refusal.Decision, refusal.Rule));
    }
}
