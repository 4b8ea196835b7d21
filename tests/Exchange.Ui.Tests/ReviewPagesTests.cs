using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Index.Queries;
using Exchange.Testing;
using Exchange.Ui.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Ui.Tests;

/// <summary>The review queue's pages show what the resolver weighed and decide through the steward API's own audited sequence.</summary>
[Collection(UiCollection.Name)]
public sealed class ReviewPagesTests(UiFixture fixture)
{
    private const string University = "12100000400000624D";
    private static long _offset;

    [Fact]
    public async Task A_review_shows_both_records_side_by_side_with_each_comparisons_weight_and_rejecting_it_is_what_the_API_reads()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        var reviewId = await OpenReviewAsync(hub);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/language/en?return=/ui/reviews"));

        await page.Locator($"main a[href='/ui/reviews/{reviewId}']").ClickAsync();
        await page.WaitForPageAsync($"**/ui/reviews/{reviewId}");

        var phone = page.Locator("tbody tr", new() { HasText = "phone" });
        Assert.Equal(["13600001001", "13700001001"], (await phone.Locator("td").AllTextContentsAsync()).Take(2));
        var name = page.Locator("tbody tr", new() { HasText = "name" }).First;
        Assert.Equal(["欧阳伟芳", "欧阳伟芳"], (await name.Locator("td").AllTextContentsAsync()).Take(2));
        using var api = hub.Api(UiClients.Steward);
        var evidence = (await api.GetFromJsonAsync<ReviewView>($"/v1/steward/reviews/{reviewId}"))!.Evidence;
        var phoneWeight = evidence.GetProperty("comparisons").EnumerateArray().First(c => c.GetProperty("comparison").GetString() == "phone");
        Assert.Equal((phoneWeight.GetProperty("bayesFactorLog2").GetDouble() + phoneWeight.GetProperty("tfAdjustmentLog2").GetDouble())
            .ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture), await phone.Locator("td").Last.TextContentAsync());

        await page.Locator("form[action$='handler=Reject'] button").ClickAsync();
        await page.Locator("[role=status]").WaitForAsync();

        Assert.Equal("rejected", (await api.GetFromJsonAsync<ReviewView>($"/v1/steward/reviews/{reviewId}"))!.State);
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        var audited = await hub.AuditAsync(UiClients.Steward.ClientId);
        Assert.Contains(audited, e => (e.Action, e.Rule) == ("POST /ui/reviews/{id:long}", "steward.review-reject"));
        Assert.Contains(audited, e => (e.Action, e.Rule) == ("GET /ui/reviews/{id:long}", "steward.reviews-read"));
    }

    [Fact]
    public async Task Accepting_a_review_merges_its_subjects_and_a_stale_second_decision_is_refused_as_already_decided()
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        var reviewId = await OpenReviewAsync(hub);
        await using var context = await fixture.NewContextAsync();
        var first = await context.NewPageAsync();
        await first.SignInAsync(hub, UiClients.Steward);
        await first.GotoAsync(hub.Page($"/ui/reviews/{reviewId}"));
        var second = await context.NewPageAsync();
        await second.GotoAsync(hub.Page($"/ui/reviews/{reviewId}"));

        await first.Locator("form[action$='handler=Accept'] button").ClickAsync();
        await first.Locator("[role=status]").WaitForAsync();
        await second.Locator("form[action$='handler=Reject'] button").ClickAsync();
        await second.Locator(".error-summary").WaitForAsync();

        Assert.Contains("已经判断过", await second.Locator(".error-summary").TextContentAsync(), StringComparison.Ordinal);
        using var api = hub.Api(UiClients.Steward);
        var review = (await api.GetFromJsonAsync<ReviewView>($"/v1/steward/reviews/{reviewId}"))!;
        Assert.Equal(("accepted", UiClients.Steward.Organisation), (review.State, review.DecidedBy));
        Assert.Equal("[]", await api.GetStringAsync("/v1/steward/reviews"));
    }

    [Theory]
    [MemberData(nameof(PageLanguages.Both), MemberType = typeof(PageLanguages))]
    public async Task Every_review_page_in_every_state_passes_axe_names_every_control_and_reflows_at_320_pixels(string language)
    {
        await using var hub = await UiHub.StartAsync(fixture.Postgres);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var checks = new StateChecks(page, context, language);

        await page.GotoAsync(hub.Page($"/ui/language/{language}?return=/ui/sign-in"));
        await page.SignInAsync(hub, UiClients.Steward);
        await page.GotoAsync(hub.Page("/ui/reviews"));
        await checks.CheckAsync("empty queue");
        var reviewId = await OpenReviewAsync(hub);
        await page.GotoAsync(hub.Page("/ui/reviews"));
        await checks.CheckAsync("queue");
        await page.GotoAsync(hub.Page($"/ui/reviews/{reviewId}"));
        await checks.CheckAsync("open review");
        var stale = await context.NewPageAsync();
        await stale.GotoAsync(hub.Page($"/ui/reviews/{reviewId}"));
        await page.Locator("form[action$='handler=Reject'] button").ClickAsync();
        await page.Locator("[role=status]").WaitForAsync();
        await checks.CheckAsync("decided review");
        await stale.Locator("form[action$='handler=Accept'] button").ClickAsync();
        await stale.Locator(".error-summary").WaitForAsync();
        await checks.CheckAsync("decision refused", stale);
        await page.GotoAsync(hub.Page("/ui/reviews/987654"));
        await checks.CheckAsync("missing review");
        await page.SignOutAsync();
        await page.SignInAsync(hub, UiClients.Auditor);
        await page.GotoAsync(hub.Page("/ui/reviews"));
        await checks.CheckAsync("forbidden");

        Assert.Equal(7, checks.States.Count);
        Assert.True(checks.Problems.Count == 0, PageChecks.Describe(checks.Problems));
    }

    /// <summary>
    /// Two graduates without resident ids that the merger can neither link nor tell apart (the same
    /// name, a birth date a day off, a neighbouring district, other schools and phones), merged
    /// straight into the index; returns the review they open.
    /// </summary>
    private static async Task<long> OpenReviewAsync(UiHub hub)
    {
        await MergeAsync(hub, Graduate("REVIEW-A", "欧阳伟芳", new DateOnly(2003, 4, 2), "3100001001", "13700001001", "410102", "4111010001"));
        var record = await MergeAsync(hub, Graduate("REVIEW-B", "欧阳伟芳", new DateOnly(2003, 4, 3), "9100010577", "13600001001", "410105", "4151010610"));
        await using var command = hub.Database.CreateCommand("select review_id from reviews where envelope_id = $1 and state = 'open'");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = record });
        var reviewId = await command.ExecuteScalarAsync(TestTimeout.Token());
        Assert.True(reviewId is long, "The two records did not open a review.");
        return (long)reviewId!;
    }

    private static JsonObject Graduate(string recordId, string name, DateOnly birthDate, string studentId, string phone, string region, string institution)
    {
        var record = JsonNode.Parse(File.ReadAllText(SamplePath("graduate.valid.json")))!.AsArray()[0]!.AsObject();
        record.Remove("residentId");
        record["recordId"] = recordId;
        record["name"] = name;
        record["birthDate"] = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        record["studentId"] = studentId;
        record["institutionCode"] = institution;
        record["originRegion"] = region;
        record["contact"] = new JsonObject { ["phone"] = phone };
        return record;
    }

    private static async Task<Guid> MergeAsync(UiHub hub, JsonObject stored)
    {
        var json = stored.ToJsonString();
        using var document = JsonDocument.Parse(json);
        var envelope = new Exchange.Core.Envelope.RecordEnvelope
        {
            Id = Guid.NewGuid(),
            Kind = Exchange.Core.Model.RecordKind.Graduate,
            SchemaVersion = "v1",
            SourceOrganisation = University,
            SourceRecordId = (string)stored["recordId"]!,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ReceivedAt = DateTimeOffset.UtcNow,
            Record = document.RootElement.Clone(),
        };
        var position = new Exchange.Log.LogPosition("test.seeded-records", 0, Interlocked.Increment(ref _offset));
        await hub.Services.GetRequiredService<Exchange.Index.Merging.Merger>().MergeAsync([new(position, envelope)], TestTimeout.Token());
        return envelope.Id;
    }

    private static string SamplePath(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"samples/{name} was not found above {AppContext.BaseDirectory}.");
    }
}
