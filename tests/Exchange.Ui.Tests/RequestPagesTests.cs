using Exchange.Access.Requests;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Ui.Graduates;
using Exchange.Testing;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>A graduate asks for a correction or deletion; a steward sees it, handles it and says what was done.</summary>
[Collection(UiCollection.Name)]
public sealed class RequestPagesTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    [Fact]
    public async Task A_graduates_correction_request_reaches_the_stewards_queue_and_the_stewards_note_reaches_the_graduate()
    {
        var hub = await hubs.GetAsync(fixture);
        var store = hub.Services.GetRequiredServiceOf<SubjectRequestStore>();
        var zhang = hub.Services.GetRequiredServiceOf<Pseudonymiser>().SubjectKeyOf(GraduateBrowser.Zhang)!;
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);

        await page.GotoAsync(hub.Page("/ui/me/requests/new"));
        await page.Locator("#request-kind").CheckAsync();
        await page.Locator("#record").SelectOptionAsync($"graduate|{GraduateBrowser.University.Organisation}|ZZU-2026-0001");
        await page.Locator("#field").FillAsync("专业名称");
        await page.Locator("#details").FillAsync($"专业应为财务管理，不是会计学。身份证 {GraduateBrowser.Zhang}");
        await page.Locator("#contact-email").CheckAsync();
        await page.Locator("#contact-detail").FillAsync("xiaowen.zhang@example.edu.cn");
        await page.Locator("form.request-form button[type=submit]").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/requests?sent=true");
        Assert.Contains("待处理", await page.Locator("main table").InnerTextAsync(), StringComparison.Ordinal);

        var made = Assert.Single(await store.ListBySubjectAsync(zhang, TestTimeout.Token()), r => r.Field == "专业名称");
        Assert.Equal((SubjectRequestKind.Correction, "email", true), (made.Kind, made.Contact, made.IsOpen));
        Assert.Equal(new RecordReference("graduate", GraduateBrowser.University.Organisation, "ZZU-2026-0001"), made.Record);
        Assert.DoesNotContain(GraduateBrowser.Zhang, made.Details, StringComparison.Ordinal);

        await using var stewardContext = await fixture.NewContextAsync();
        var steward = await stewardContext.NewPageAsync();
        await steward.SignInAsync(hub, UiClients.Steward);
        await steward.GotoAsync(hub.Page("/ui/requests"));
        Assert.Contains("专业应为财务管理", await steward.Locator("main table").InnerTextAsync(), StringComparison.Ordinal);
        await steward.GotoAsync(hub.Page($"/ui/requests/{made.Id}/handle"));
        await steward.Locator("main form button[type=submit]").ClickAsync();
        await steward.Locator("#note-error").WaitForAsync();
        await steward.Locator("#note").FillAsync("已请学校更正专业并重新报送。");
        await steward.Locator("main form button[type=submit]").ClickAsync();
        await steward.WaitForPageAsync("**/ui/requests?handled=true");

        var handled = (await store.FindAsync(made.Id, TestTimeout.Token()))!;
        Assert.Equal((false, UiClients.Steward.ClientId, "已请学校更正专业并重新报送。"), (handled.IsOpen, handled.HandledBy, handled.HandlerNote));
        await page.GotoAsync(hub.Page("/ui/me/requests"));
        Assert.Contains("已请学校更正专业并重新报送。", await page.Locator("main table").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Contains(await hub.AuditAsync(GraduateBrowser.University.ClientId), e => e.Rule == GraduateRequests.Made && e.Action == "POST /ui/me/requests/new");
        Assert.Contains(await hub.AuditAsync(UiClients.Steward.ClientId), e => e.Rule == GraduateRequests.Handled && e.Action == "POST /ui/requests/{id:guid}/handle");
    }

    [Fact]
    public async Task A_request_naming_another_subjects_record_is_refused_on_the_record_field_and_stores_nothing()
    {
        var hub = await hubs.GetAsync(fixture);
        var store = hub.Services.GetRequiredServiceOf<SubjectRequestStore>();
        var li = hub.Services.GetRequiredServiceOf<Pseudonymiser>().SubjectKeyOf(GraduateBrowser.Li)!;
        var before = (await store.ListBySubjectAsync(li, TestTimeout.Token())).Count;
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);

        await page.GotoAsync(hub.Page("/ui/me/requests/new"));
        await page.Locator("#request-kind-deletion").CheckAsync();
        // Zhang's record, put into Li's form by hand.
        await page.Locator("#record option:nth-child(2)").EvaluateAsync($"o => o.value = 'graduate|{GraduateBrowser.University.Organisation}|ZZU-2026-0001'");
        await page.Locator("#record").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Index = 1 });
        await page.Locator("#details").FillAsync("请删除。");
        await page.Locator("form.request-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Contains("所选记录不是平台保存的您的记录", await page.Locator("#record-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#record").GetAttributeAsync("aria-invalid"));
        Assert.Equal(before, (await store.ListBySubjectAsync(li, TestTimeout.Token())).Count);
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task An_empty_request_comes_back_with_each_problem_on_its_field(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/me/requests/new"));
        await page.Locator("#contact-phone").CheckAsync();
        await page.Locator("form.request-form button[type=submit]").ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();

        Assert.Equal("div#.error-summary", await page.FocusedAsync());
        Assert.Equal(["#request-kind", "#details", "#contact-detail"],
            await page.Locator(".error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        foreach (var field in new[] { "details", "contact-detail" })
            Assert.Contains($"{field}-error", await page.Locator($"#{field}").GetAttributeAsync("aria-describedby"), StringComparison.Ordinal);
        Assert.StartsWith(language == PageLanguages.English ? "Error: " : "错误：", await page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graduates_session_cannot_open_the_stewards_queue_of_requests()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);
        await page.GotoAsync(hub.Page("/ui/requests"));
        await page.WaitForPageAsync("**/ui/forbidden**");
        Assert.Equal(0, await page.Locator("main table").CountAsync());
    }
}
