using System.Net;
using Exchange.Core.Hosting;
using Exchange.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Exchange.Ui.Tests;

/// <summary>Who reaches the agreements pages, how the session is kept, and how refusals are audited.</summary>
[Collection(UiCollection.Name)]
public sealed class SignInTests(UiFixture fixture)
{
    [Fact]
    public async Task A_reader_without_a_session_is_sent_to_sign_in_and_audited_like_a_call_without_a_token()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(hub.Page("/ui/agreements"));

        Assert.Equal(hub.Page("/ui/sign-in?return=%2Fui%2Fagreements"), page.Url);
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        var refusal = Assert.Single(await hub.AuditAsync(""), e => e.Action == "GET /ui/agreements");
        Assert.Equal(("deny", "session.missing"), (refusal.Decision, refusal.Rule));
    }

    [Theory]
    [InlineData("matcher-ref")]
    [InlineData("steward-auditor")]
    public async Task A_client_without_the_steward_role_and_scope_gets_the_403_page_and_is_audited(string clientId)
    {
        var client = UiClients.All.Single(c => c.ClientId == clientId);
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, client);

        var answer = await page.GotoAsync(hub.Page("/ui/agreements/new"));

        Assert.Equal((int)HttpStatusCode.Forbidden, answer!.Status);
        Assert.StartsWith(hub.Page("/ui/forbidden"), page.Url, StringComparison.Ordinal);
        var refusal = Assert.Single(await hub.AuditAsync(clientId), e => e.Action == "GET /ui/agreements/new");
        Assert.Equal(("deny", "scope.missing"), (refusal.Decision, refusal.Rule));
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_Secure_and_SameSite_Lax_and_signing_out_ends_it()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);

        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "exchange-ui-session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal("/ui", session.Path);

        await page.SignOutAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "exchange-ui-session");
        await page.GotoAsync(hub.Page("/ui/agreements"));
        Assert.StartsWith(hub.Page("/ui/sign-in"), page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused_and_records_nothing()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);

        // The browser's own session cookie, as a forged form on another site would send it.
        var answer = await context.APIRequest.PostAsync(hub.Page("/ui/agreements/new"), new APIRequestContextOptions
        {
            Form = FormWith(("granteeOrganisation", "91440300MA5FORGED1"), ("categories", "education"), ("purposes", "matching"),
                ("validFrom", "2026-01-01"), ("validThrough", "2099-12-31"), ("legalBasis", "forged")),
        });

        Assert.Equal((int)HttpStatusCode.BadRequest, answer.Status);
        using var api = hub.Api(UiClients.Steward);
        Assert.Equal("[]", await api.GetStringAsync("/v1/steward/agreements"));

        IFormData FormWith(params (string Name, string Value)[] fields)
        {
            var form = context.APIRequest.CreateFormData();
            foreach (var (name, value) in fields)
                form.Append(name, value);
            return form;
        }
    }

    [Fact]
    public async Task The_development_sign_in_outside_development_mode_stops_the_start_naming_its_setting()
    {
        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => UiHub.StartAsync(fixture.Postgres, ["--environment", "Production"], null));

        Assert.True(SettingsRefusal.TryGetFailures(refusal, out var failures), refusal.ToString());
        Assert.Contains(failures, f => f.StartsWith("Exchange:Ui:DevelopmentSignIn:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_that_is_not_a_trusted_issuer_stops_the_start_naming_its_setting()
    {
        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => UiHub.StartAsync(fixture.Postgres, new Dictionary<string, string?>
        {
            ["Exchange:Ui:OpenIdConnect:Authority"] = "https://idp.example.edu.cn",
            ["Exchange:Ui:OpenIdConnect:ClientId"] = "steward-console",
        }));

        Assert.True(SettingsRefusal.TryGetFailures(refusal, out var failures), refusal.ToString());
        Assert.Contains(failures, f => f.StartsWith("Exchange:Ui:OpenIdConnect:Authority 'https://idp.example.edu.cn' is not one of the trusted issuers", StringComparison.Ordinal));
    }
}
