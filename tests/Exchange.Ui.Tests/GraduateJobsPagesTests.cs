using Exchange.Index.Matching;
using Exchange.Ui.Tests.Support;

namespace Exchange.Ui.Tests;

/// <summary>A graduate reads which jobs the hub recommends to them and every reason why, in their language, and the read is audited as their own.</summary>
[Collection(UiCollection.Name)]
public sealed class GraduateJobsPagesTests(UiFixture fixture, GraduateHub hubs) : IClassFixture<GraduateHub>
{
    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Each_recommended_job_says_in_the_pages_language_every_reason_it_was_recommended_and_the_points_each_added(string language)
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Zhang);
        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/me"));

        await page.Locator("header a[href='/ui/me/jobs']").ClickAsync();
        await page.WaitForPageAsync("**/ui/me/jobs");

        var english = language == PageLanguages.English;
        var job = page.Locator("main ol.recommendations > li").First;
        Assert.Equal("会计助理", await job.Locator("h2").TextContentAsync());
        var facts = await job.Locator("dl").InnerTextAsync();
        Assert.Contains("中国银行股份有限公司", facts, StringComparison.Ordinal);
        Assert.Contains(english ? "fixed-term" : "固定期限", facts, StringComparison.Ordinal);

        // The reasons are the scorer's own, for this graduate (会计学, undergraduate) and this job; they add up to the fit shown.
        var expected = new[] { MatchReasons.EducationMeets("21", "21"), MatchReasons.MajorExact("120203K", "会计学") };
        var reasons = await job.Locator("ul.reasons li").AllInnerTextsAsync();
        Assert.Equal(expected.Length, reasons.Count);
        foreach (var reason in expected)
        {
            var text = english ? reason.Text : reason.TextZh;
            var points = english ? $"(+{reason.Points} points)" : $"（+{reason.Points} 分）";
            Assert.Contains(reasons, r => r.Contains(text, StringComparison.Ordinal) && r.Contains(points, StringComparison.Ordinal));
        }
        var total = expected.Sum(r => r.Points);
        Assert.Contains(english ? $"Fit: {total} points." : $"契合度：{total} 分。", await job.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graduates_read_of_their_recommendations_is_audited_as_their_own_access_under_their_identified_handle()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateBrowser.Li);
        var before = (await hub.AuditAsync(GraduateBrowser.University.ClientId)).Count(e => e.Action == "GET /ui/me/jobs");

        await page.GotoAsync(hub.Page("/ui/me/jobs"));
        Assert.Equal("会计助理", await page.Locator("main ol.recommendations > li h2").First.TextContentAsync());

        var entries = (await hub.AuditAsync(GraduateBrowser.University.ClientId)).Where(e => e.Action == "GET /ui/me/jobs").ToList();
        Assert.True(entries.Count > before, "The read of the recommendations was not audited.");
        var entry = entries[^1];
        Assert.Equal(("permit", Exchange.Access.Enforcement.SubjectOwnAccess.Rule), (entry.Decision, entry.Rule));
        var li = hub.Services.GetRequiredServiceOf<Exchange.Access.Decisions.SubjectHandles>().Identified(
            hub.Services.GetRequiredServiceOf<Exchange.Core.Pseudonymisation.Pseudonymiser>().SubjectKeyOf(GraduateBrowser.Li)!);
        Assert.Equal(li, entry.SubjectHandle);
    }

    [Fact]
    public async Task A_graduate_the_hub_holds_no_record_of_is_told_why_no_job_is_recommended_and_nothing_is_audited_about_them()
    {
        var hub = await hubs.GetAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsGraduateAsync(hub, GraduateStateTour.Unknown);

        await page.GotoAsync(hub.Page("/ui/me/jobs"));

        Assert.Equal(0, await page.Locator("main ol.recommendations").CountAsync());
        Assert.StartsWith("目前没有为您推荐的岗位", await page.Locator("main p.notice").First.TextContentAsync(), StringComparison.Ordinal);
    }
}
