using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>Signing in through a real OpenID provider: the authorization code flow with PKCE, in the browser.</summary>
[Collection(UiCollection.Name)]
public sealed class OpenIdConnectSignInTests(UiFixture fixture)
{
    private const string PagesClient = "exchange-pages";

    [Fact]
    public async Task A_steward_signs_in_through_the_organisations_provider_and_acts_as_its_registered_client()
    {
        var hubPort = OpenIdProvider.FreePort();
        await using var provider = await OpenIdProvider.StartAsync(PagesClient, $"http://127.0.0.1:{hubPort}/ui/signin-oidc", "consent:manage");
        await using var hub = await UiHub.StartAsync(fixture.Postgres, ["--environment", "Development", "--urls", $"http://127.0.0.1:{hubPort}"],
            new Dictionary<string, string?>
            {
                ["Exchange:Tokens:Issuers:1:Issuer"] = provider.Issuer,
                ["Exchange:Tokens:Issuers:1:Audiences:0"] = PagesClient,
                ["Exchange:Tokens:Issuers:1:JwksUrl"] = $"{provider.Issuer}/jwks",
                ["Exchange:Clients:9:Issuer"] = provider.Issuer,
                ["Exchange:Clients:9:ClientId"] = PagesClient,
                ["Exchange:Clients:9:Organisation"] = "111000000000131257",
                ["Exchange:Clients:9:Role"] = "steward",
                ["Exchange:Clients:9:Scopes:0"] = "consent:manage",
                ["Exchange:Ui:OpenIdConnect:Authority"] = provider.Issuer,
                ["Exchange:Ui:OpenIdConnect:ClientId"] = PagesClient,
                ["Exchange:Ui:OpenIdConnect:Scopes:0"] = "consent:manage",
            });
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        // The provider refuses a code request without PKCE (tools/oidc-provider/provider.mjs), and the
        // hub pushes its request (PAR, which the provider offers), so the browser carries only its reference.
        var authorize = page.WaitForRequestAsync(r => r.Url.StartsWith(provider.Issuer + "/auth", StringComparison.Ordinal));
        await page.Locator("form[action*='handler=Provider'] button").ClickAsync();
        Assert.Contains($"client_id={PagesClient}", new Uri((await authorize).Url).Query, StringComparison.Ordinal);

        // oidc-provider's own sign-in and consent pages.
        await page.Locator("input[name=login]").FillAsync("li.wei");
        await page.Locator("input[name=password]").FillAsync("any");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button[type=submit]").ClickAsync();

        await page.WaitForPageAsync(hub.Page("/ui/agreements/new"));
        Assert.Equal("新建数据共享协议", await page.Locator("h1").TextContentAsync());
        Assert.Contains(PagesClient, await page.Locator(".signed-in").TextContentAsync(), StringComparison.Ordinal);
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "exchange-ui-session");
        Assert.True(session.HttpOnly && session.Secure);
    }
}
