using System.Net;
using System.Text.Json;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Changes;

/// <summary>Bad requests to the change feed: each is a 400 problem naming its parameter; a subscriber without an agreement gets an empty feed, not an error.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeFeedRequestTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("42")]
    public async Task A_malformed_cursor_is_a_problem_naming_after(string after)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var response = await employer.GetAsync($"/v1/changes?purpose=matching&after={after}", TestTimeout.Token());

        await AssertProblemAsync(response, "changes.cursor-invalid", "after");
    }

    [Fact]
    public async Task A_cursor_altered_by_one_character_or_used_by_another_subscriber_or_for_another_purpose_is_a_problem_naming_after()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        using var other = hub.ClientFor(TestClients.EmployerB);
        var next = await NextAsync(employer, "/v1/changes?purpose=matching");
        var tampered = (next[5] == 'A' ? 'B' : 'A') is var c ? next[..5] + c + next[6..] : next;

        using var altered = await employer.GetAsync($"/v1/changes?purpose=matching&after={tampered}", TestTimeout.Token());
        using var borrowed = await other.GetAsync($"/v1/changes?purpose=matching&after={next}", TestTimeout.Token());
        using var repurposed = await employer.GetAsync($"/v1/changes?purpose=research&after={next}", TestTimeout.Token());
        using var own = await employer.GetAsync($"/v1/changes?purpose=matching&after={next}", TestTimeout.Token());

        await AssertProblemAsync(altered, "changes.cursor-invalid", "after");
        await AssertProblemAsync(borrowed, "changes.cursor-invalid", "after");
        await AssertProblemAsync(repurposed, "changes.cursor-invalid", "after");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1e2")]
    public async Task A_limit_outside_1_to_1000_is_a_problem_naming_limit(string limit)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var response = await employer.GetAsync($"/v1/changes?purpose=matching&limit={limit}", TestTimeout.Token());

        await AssertProblemAsync(response, "changes.limit-out-of-range", "limit");
    }

    [Theory]
    [InlineData("cursor")] // the search's name for its cursor: a feed that ignored it started again at every page
    [InlineData("limt")]
    [InlineData("_since")]
    public async Task A_parameter_the_feed_does_not_take_was_ignored_and_the_feed_read_from_its_beginning(string parameter)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var next = await NextAsync(employer, "/v1/changes?purpose=matching");

        using var response = await employer.GetAsync($"/v1/changes?purpose=matching&{parameter}={next}", TestTimeout.Token());

        await AssertProblemAsync(response, "changes.unknown-parameter", parameter);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("purpose, after, limit", detail, StringComparison.Ordinal);
        // A parameter's name binds whatever its case, as it did before unknown ones were refused.
        using var capitalised = await employer.GetAsync($"/v1/changes?purpose=matching&Limit=5&After={next}", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, capitalised.StatusCode);
    }

    [Fact]
    public async Task A_read_without_purpose_is_refused_and_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var response = await employer.GetAsync("/v1/changes", TestTimeout.Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith("purpose-required", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(await AuditReader.ReadAllAsync(hub), e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Rule == "purpose.missing");
    }

    [Fact]
    public async Task A_subscriber_with_no_agreement_gets_an_empty_page_and_a_cursor_like_anyone_else()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await SubjectWorld.BuildAsync(hub, employerRoleOnly: true);
        await hub.WaitForMergerAsync();
        using var matcher = hub.ClientFor(TestClients.Matcher);

        using var response = await matcher.GetAsync("/v1/changes?purpose=matching", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(body);
        Assert.Equal(["changes", "next"], page.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, page.RootElement.GetProperty("changes").GetArrayLength());
        Assert.Empty(AnswerChecks.Leaked(body, world.AllPersonalValues.Concat(world.Subjects.Select(s => s.SubjectKey))));
        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.Matcher.ClientId && e.Action == "GET /v1/changes" && e.Decision == "deny");
    }

    internal static async Task<string> NextAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return page.RootElement.GetProperty("next").GetString()!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string code, string parameter)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AnswerChecks.ProblemJson, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith(code, problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), $"The problem does not name {parameter}.");
        var named = Assert.Single(problem.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal((code, parameter), (named.GetProperty("code").GetString(), named.GetProperty("parameter").GetString()));
        Assert.False(string.IsNullOrEmpty(named.GetProperty("messageZh").GetString()));
    }
}
