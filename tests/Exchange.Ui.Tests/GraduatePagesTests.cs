using System.Net;
using Exchange.Access.Enforcement;
using Exchange.Hub.Ui.SignIn;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>A graduate signs in, reads what the hub holds about them, and reaches nothing else.</summary>
[Collection(UiCollection.Name)]
public sealed class GraduatePagesTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    [Fact]
    public async Task A_graduate_sees_the_records_the_hub_holds_about_them_by_sender_with_codes_explained_and_each_read_audited()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var zhang = hub.Services.GetRequiredServiceOf<Exchange.Access.Decisions.SubjectHandles>().Identified(
            hub.Services.GetRequiredServiceOf<Exchange.Core.Pseudonymisation.Pseudonymiser>().SubjectKeyOf(GraduateBrowser.Zhang)!);
        async Task<List<Exchange.Hub.Steward.AuditEntryResponse>> ReadsOfZhangAsync() =>
            [.. (await hub.AuditAsync(GraduateBrowser.University.ClientId)).Where(e => e.Rule == SubjectOwnAccess.Rule && e.SubjectHandle == zhang)];
        var before = (await ReadsOfZhangAsync()).Count;
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);

        Assert.Equal("平台保存的我的信息", await page.Locator("h1").TextContentAsync());
        var sender = page.Locator("main section");
        Assert.Equal($"报送单位：高校（{GraduateBrowser.University.Organisation}）", await sender.Locator("h2").TextContentAsync());
        var fields = await sender.Locator("dl").InnerTextAsync();
        Assert.Contains("张晓雯", fields, StringComparison.Ordinal);
        Assert.Contains("大学本科毕业 (21)", fields, StringComparison.Ordinal);
        Assert.Contains("城乡居民最低生活保障家庭 (minimum-living-allowance)", fields, StringComparison.Ordinal);
        Assert.Contains("姓名", await sender.Locator("dt").AllInnerTextsAsync());
        Assert.Contains("女性 (2)", fields, StringComparison.Ordinal);

        await page.GotoAsync(hub.Page("/ui/language/en?return=/ui/me"));
        Assert.Equal("What the hub holds about me", await page.Locator("h1").TextContentAsync());
        var english = await page.Locator("main section dl").InnerTextAsync();
        Assert.Contains("bachelor's graduate (21)", english, StringComparison.Ordinal);
        Assert.Contains("female (2)", english, StringComparison.Ordinal);
        Assert.Contains("Education level", await page.Locator("main section dt").AllInnerTextsAsync());

        // Each reading of the page (one record, read in two languages) is one audited release.
        var reads = await ReadsOfZhangAsync();
        Assert.Equal(before + 2, reads.Count);
        Assert.All(reads, r => Assert.Equal(("permit", "GET /ui/me"), (r.Decision, r.Action)));
        Assert.Contains("graduate/name", reads[0].FieldsReleased);
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task A_consent_record_among_my_data_showed_its_status_purposes_categories_method_and_grantee_as_raw_codes(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await StewardConsents.RecordAsync(hub, GraduateBrowser.Wang, $"STEWARD-WANG-WORDS-{language}", "bureau");
        await hub.WaitForMergerAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Wang);
        if (language == PageLanguages.English)
            await page.GotoAsync(hub.Page("/ui/language/en?return=/ui/me"));

        // Her only records are the consents the steward recorded (one per language's run of this test).
        var fields = await page.Locator("main").InnerTextAsync();
        string[] expected = language == PageLanguages.English
            ? ["government bureau (bureau)", "job matching (matching)", "education (education)", "active (active)", "signed paper form (signed-form)"]
            : ["政府部门 (bureau)", "岗位匹配 (matching)", "教育信息 (education)", "有效 (active)", "书面签署 (signed-form)"];
        foreach (var words in expected)
            Assert.Contains(words, fields, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graduate_reads_only_their_own_subject_whatever_the_address_or_query_says()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);

        // Another subject's key or id in the query or the path changes nothing: the session names the subject.
        var other = hub.Services.GetRequiredServiceOf<Exchange.Core.Pseudonymisation.Pseudonymiser>().SubjectKeyOf(GraduateBrowser.Li)!;
        await page.GotoAsync(hub.Page($"/ui/me?subject={other}&subjectKey={other}&residentId={GraduateBrowser.Li}"));
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("张晓雯", text, StringComparison.Ordinal);
        Assert.DoesNotContain("李建国", text, StringComparison.Ordinal);
        var response = await page.GotoAsync(hub.Page($"/ui/me/{other}"));
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
    }

    [Fact]
    public async Task A_graduates_session_is_refused_the_steward_pages_and_the_refusal_is_audited()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);
        Assert.Equal(1, await page.Locator("header nav a[href='/ui/me']").CountAsync());
        Assert.Equal(0, await page.Locator("header nav a[href='/ui/agreements']").CountAsync());

        await page.GotoAsync(hub.Page("/ui/agreements/new"));
        await page.WaitForPageAsync("**/ui/forbidden**");
        Assert.Equal(403, (await page.GotoAsync(page.Url))!.Status);

        var refusal = Assert.Single(await hub.AuditAsync(GraduateBrowser.University.ClientId), e => e.Rule == GraduateSession.GraduateOnly);
        Assert.Equal(("deny", "GET /ui/agreements/new"), (refusal.Decision, refusal.Action));
    }

    [Fact]
    public async Task A_steward_or_a_universitys_own_session_cannot_open_a_graduates_pages()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/me"));
        await page.WaitForPageAsync("**/ui/forbidden**");
        Assert.Equal(0, await page.Locator("main dl").CountAsync());
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task A_resident_id_that_is_not_one_is_refused_on_its_field_and_never_shown_back(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.Locator("#resident-id").FillAsync("410102200304120223");
        await page.Locator("form:has(#resident-id) button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Contains("/ui/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        var message = language == PageLanguages.English ? "Enter a valid resident id number" : "请填写有效的公民身份号码";
        Assert.Contains(message, await page.Locator("#resident-id-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#resident-id").GetAttributeAsync("aria-invalid"));
        Assert.Contains("resident-id-error", await page.Locator("#resident-id").GetAttributeAsync("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("#resident-id", await page.Locator(".error-summary a").GetAttributeAsync("href"));
        Assert.DoesNotContain("410102200304120223", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == UiAuthentication.SessionCookie);
    }
}
