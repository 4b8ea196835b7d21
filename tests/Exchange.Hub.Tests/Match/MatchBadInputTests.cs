using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Matching;

/// <summary>A match request that cannot be answered gets a problem naming the field; a refused purpose is audited.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MatchBadInputTests(PostgresFixture postgres)
{
    private static readonly JsonObject Vacancy = new() { ["sourceOrganisation"] = TestClients.EmployerA.Organisation, ["recordId"] = "NO-SUCH-VACANCY" };

    public static TheoryData<string, string, HttpStatusCode, string> Cases => new()
    {
        { "neither vacancy nor graduate", """{"purpose":"matching"}""", HttpStatusCode.BadRequest, "vacancy" },
        { "both vacancy and graduate", $$$"""{"purpose":"matching","vacancy":{{{Vacancy.ToJsonString()}}},"graduate":{"handle":"cand_aaaaaaaaaaaaaaaaaaaaaaaaaa"}}""", HttpStatusCode.BadRequest, "graduate" },
        { "limit 0", $$"""{"purpose":"matching","vacancy":{{Vacancy.ToJsonString()}},"limit":0}""", HttpStatusCode.BadRequest, "limit" },
        { "limit 101", $$"""{"purpose":"matching","vacancy":{{Vacancy.ToJsonString()}},"limit":101}""", HttpStatusCode.BadRequest, "limit" },
        { "malformed handle", """{"purpose":"matching","graduate":{"handle":"cand_NOT-A-HANDLE"}}""", HttpStatusCode.BadRequest, "graduate.handle" },
        { "handle and record id", """{"purpose":"matching","graduate":{"handle":"cand_aaaaaaaaaaaaaaaaaaaaaaaaaa","recordId":"X"}}""", HttpStatusCode.BadRequest, "graduate" },
        { "vacancy without record id", $$$"""{"purpose":"matching","vacancy":{"sourceOrganisation":"{{{TestClients.EmployerA.Organisation}}}"}}""", HttpStatusCode.BadRequest, "vacancy.recordId" },
        { "unknown vacancy", $$"""{"purpose":"matching","vacancy":{{Vacancy.ToJsonString()}}}""", HttpStatusCode.NotFound, "vacancy" },
        { "handle never given out", """{"purpose":"matching","graduate":{"handle":"cand_aaaaaaaaaaaaaaaaaaaaaaaaaa"}}""", HttpStatusCode.NotFound, "graduate" },
        { "missing purpose", $$"""{"vacancy":{{Vacancy.ToJsonString()}}}""", HttpStatusCode.BadRequest, "purpose" },
        { "unknown purpose", $$"""{"purpose":"curiosity","vacancy":{{Vacancy.ToJsonString()}}}""", HttpStatusCode.BadRequest, "purpose" },
    };

    [Fact]
    public async Task Each_bad_match_request_gets_a_problem_naming_its_field()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var failures = new List<string>();
        foreach (var row in Cases)
        {
            var (name, body, status, field) = ((string)row[0], (string)row[1], (HttpStatusCode)row[2], (string)row[3]);
            using var response = await employer.PostAsync("/v1/match", MatchWorld.Body(JsonNode.Parse(body)!.AsObject()), TestTimeout.Token());
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status)
                failures.Add($"{name}: {(int)response.StatusCode} {text}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{name}: {response.Content.Headers.ContentType}");
            else if (!NamesField(JsonDocument.Parse(text).RootElement, field))
                failures.Add($"{name}: does not name {field}: {text}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Equal(2, audit.Count(e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Action == "POST /v1/match" && e.Rule == "purpose.missing"));
    }

    [Fact]
    public async Task Explain_is_for_universities_and_names_a_missing_field()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var missing = await university.PostAsync("/v1/match/explain", MatchWorld.Body(new JsonObject { ["vacancy"] = Vacancy.DeepClone() }), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True(NamesField(JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement, "graduate.recordId"));

        using var employer = hub.ClientFor(TestClients.EmployerA);
        var body = new JsonObject { ["vacancy"] = Vacancy.DeepClone(), ["graduate"] = new JsonObject { ["recordId"] = "MATCH-0001" } };
        using var refused = await employer.PostAsync("/v1/match/explain", MatchWorld.Body(body), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task A_match_asked_for_five_in_the_query_was_answered_with_the_default_twenty_as_if_unasked()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var body = new JsonObject { ["purpose"] = "matching", ["vacancy"] = Vacancy.DeepClone() };

        using var response = await employer.PostAsync("/v1/match?limit=5", MatchWorld.Body(body), TestTimeout.Token());

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = Assert.Single(JsonNode.Parse(text)!["problems"]!.AsArray())!;
        Assert.Equal(("match.unknown-parameter", "limit"), ((string?)problem["code"], (string?)problem["parameter"]));
    }

    [Theory]
    [InlineData("""{"purpose":"matching","vacancy":"ACME-2026-0001"}""", "/vacancy")]
    [InlineData("""{"purpose":"matching","vacancy":{"sourceOrganisation":"x","recordId":"y"},"limit":[5]}""", "/limit")]
    [InlineData("""{"purpose":["matching"],"graduate":{"handle":"cand_x"}}""", "/purpose")]
    public async Task A_member_of_the_wrong_type_was_answered_as_a_body_that_is_not_JSON_or_not_UTF8(string body, string pointer)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var response = await employer.PostAsync("/v1/match", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestTimeout.Token());

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = Assert.Single(JsonNode.Parse(text)!["problems"]!.AsArray())!;
        Assert.Equal(("input.wrong-type", pointer), ((string?)problem["code"], (string?)problem["pointer"]));
        Assert.DoesNotContain("not JSON", (string?)problem["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("Exchange.", text, StringComparison.Ordinal);
    }

    private static bool NamesField(JsonElement problem, string field) =>
        (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _))
        || (problem.TryGetProperty("field", out var named) && named.GetString() == field);
}
