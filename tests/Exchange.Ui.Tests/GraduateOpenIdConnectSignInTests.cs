using Exchange.Access.Audit;
using Exchange.Hub.Ui.SignIn;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>A graduate signs in through their university's provider (a real one): the ID token's resident id becomes the session's subject.</summary>
[Collection(UiCollection.Name)]
public sealed class GraduateOpenIdConnectSignInTests(UiFixture fixture)
{
    private const string PagesClient = "zzu-graduate-pages";

    [Fact]
    public async Task A_graduate_signs_in_through_the_universitys_provider_and_sees_their_own_records_with_the_id_kept_nowhere()
    {
        var hubPort = OpenIdProvider.FreePort();
        await using var provider = await OpenIdProvider.StartAsync(PagesClient, $"http://127.0.0.1:{hubPort}/ui/signin-oidc", "profile",
            ("zhang.xiaowen", GraduateBrowser.Zhang));
        await using var hub = await UiHub.StartAsync(fixture.Postgres, ["--environment", "Development", "--urls", $"http://127.0.0.1:{hubPort}"],
            new Dictionary<string, string?>
            {
                ["Exchange:Tokens:Issuers:1:Issuer"] = provider.Issuer,
                ["Exchange:Tokens:Issuers:1:Audiences:0"] = PagesClient,
                ["Exchange:Tokens:Issuers:1:JwksUrl"] = $"{provider.Issuer}/jwks",
                ["Exchange:Clients:9:Issuer"] = provider.Issuer,
                ["Exchange:Clients:9:ClientId"] = PagesClient,
                ["Exchange:Clients:9:Organisation"] = GraduateBrowser.University.Organisation,
                ["Exchange:Clients:9:Role"] = "university",
                ["Exchange:Ui:OpenIdConnect:Authority"] = provider.Issuer,
                ["Exchange:Ui:OpenIdConnect:ClientId"] = PagesClient,
                ["Exchange:Ui:OpenIdConnect:ResidentIdClaim"] = "resident_id",
            });
        await hub.PushGraduatesAsync((GraduateBrowser.Zhang, "张晓雯", "ZZU-OIDC-0001"), (GraduateBrowser.Li, "李建国", "ZZU-OIDC-0002"));
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(hub.Page("/ui/me"));
        await page.Locator("form[action*='handler=Provider'] button").ClickAsync();
        await page.Locator("input[name=login]").FillAsync("zhang.xiaowen");
        await page.Locator("input[name=password]").FillAsync("any");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button[type=submit]").ClickAsync();

        await page.WaitForPageAsync(hub.Page("/ui/me"));
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("张晓雯", main, StringComparison.Ordinal);
        Assert.DoesNotContain("李建国", main, StringComparison.Ordinal);
        Assert.Contains(PagesClient, await page.Locator(".signed-in").TextContentAsync(), StringComparison.Ordinal);

        // The graduate's session reaches no steward page.
        await page.GotoAsync(hub.Page("/ui/agreements"));
        await page.WaitForPageAsync("**/ui/forbidden**");

        // The id is pseudonymised at the door: not in the audit, nor in the session cookie's clear parts.
        var audit = await hub.AuditAsync(PagesClient);
        Assert.Contains(audit, e => e.Rule == GraduateSession.GraduateOnly);
        Assert.DoesNotContain(audit, e => AuditRecordGuard.LooksLikeResidentId(string.Join(" ", e.FieldsReleased.Append(e.SubjectHandle))));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Value.Contains(GraduateBrowser.Zhang, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_university_staff_member_without_the_claim_gets_no_graduates_pages()
    {
        var hubPort = OpenIdProvider.FreePort();
        await using var provider = await OpenIdProvider.StartAsync(PagesClient, $"http://127.0.0.1:{hubPort}/ui/signin-oidc", "profile");
        await using var hub = await UiHub.StartAsync(fixture.Postgres, ["--environment", "Development", "--urls", $"http://127.0.0.1:{hubPort}"],
            new Dictionary<string, string?>
            {
                ["Exchange:Tokens:Issuers:1:Issuer"] = provider.Issuer,
                ["Exchange:Tokens:Issuers:1:Audiences:0"] = PagesClient,
                ["Exchange:Tokens:Issuers:1:JwksUrl"] = $"{provider.Issuer}/jwks",
                ["Exchange:Clients:9:Issuer"] = provider.Issuer,
                ["Exchange:Clients:9:ClientId"] = PagesClient,
                ["Exchange:Clients:9:Organisation"] = GraduateBrowser.University.Organisation,
                ["Exchange:Clients:9:Role"] = "university",
                ["Exchange:Ui:OpenIdConnect:Authority"] = provider.Issuer,
                ["Exchange:Ui:OpenIdConnect:ClientId"] = PagesClient,
                ["Exchange:Ui:OpenIdConnect:ResidentIdClaim"] = "resident_id",
            });
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(hub.Page("/ui/me"));
        await page.Locator("form[action*='handler=Provider'] button").ClickAsync();
        await page.Locator("input[name=login]").FillAsync("registrar");
        await page.Locator("input[name=password]").FillAsync("any");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button[type=submit]").ClickAsync();

        await page.WaitForPageAsync("**/ui/forbidden**");
        Assert.Contains(await hub.AuditAsync(PagesClient), e => e.Rule == "scope.missing" && e.Action == "GET /ui/me");
    }
}
