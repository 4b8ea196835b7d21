using System.Net;
using Exchange.Testing;
using Exchange.Ui.Tests.Support;
using Npgsql;

namespace Exchange.Ui.Tests;

/// <summary>A page opened or a form sent while the hub's database is away, as after a restart or a failover.</summary>
[Collection(UiCollection.Name)]
public sealed class OutagePageTests(UiFixture fixture)
{
    [Fact]
    public async Task A_page_opened_while_the_database_was_away_showed_the_APIs_JSON_problem_instead_of_a_page()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/consents/new"));
        await page.FillConsentAsync("OUTAGE-1");

        var database = new NpgsqlConnectionStringBuilder(hub.Database.ConnectionString).Database!;
        await fixture.Postgres.RefuseSessionsAsync(database, refuse: true, TestTimeout.Token());
        var problems = new List<string>();
        try
        {
            var sent = await page.RunAndWaitForResponseAsync(() => page.Locator("form.consent-form button[type=submit]").ClickAsync(),
                response => response.Request.Method == "POST");
            await page.WaitForLoadStateAsync();
            await ExpectOutagePageAsync(sent, "the consent form sent");

            var opened = await page.GotoAsync(hub.Page("/ui/agreements"));
            await ExpectOutagePageAsync(opened, "the agreements opened");
            await page.CheckStateAsync(context, PageLanguages.Chinese, "database away", problems);
        }
        finally
        {
            await fixture.Postgres.RefuseSessionsAsync(database, refuse: false, TestTimeout.Token());
        }

        Assert.True(problems.Count == 0, PageChecks.Describe(problems));
        Assert.Equal((int)HttpStatusCode.OK, (await page.GotoAsync(hub.Page("/ui/agreements")))!.Status);

        async Task ExpectOutagePageAsync(Microsoft.Playwright.IResponse? answer, string what)
        {
            Assert.NotNull(answer);
            var type = await answer.HeaderValueAsync("content-type");
            Assert.True(answer.Status == (int)HttpStatusCode.ServiceUnavailable && type?.StartsWith("text/html", StringComparison.Ordinal) == true,
                $"{what}: {answer.Status} {type}: {await answer.TextAsync()}");
            Assert.False(string.IsNullOrEmpty(await answer.HeaderValueAsync("retry-after")), $"{what}: no Retry-After");
            Assert.Equal("服务暂时不可用", await page.Locator("main h1").TextContentAsync());
            // The steward's session outlives the outage: the header still names who is signed in.
            Assert.Equal(1, await page.Locator("header form button[type=submit]").CountAsync());
        }
    }
}
