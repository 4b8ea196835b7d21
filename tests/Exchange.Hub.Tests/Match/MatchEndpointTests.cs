using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Matching;

/// <summary>Match over HTTP: every candidate released, audited and masked; reasons masked by what the caller was released.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MatchEndpointTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_vacancys_employer_gets_ranked_handles_with_released_fields_and_neutral_reasons_for_disability_and_hardship_and_each_is_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await MatchWorld.BuildAsync(hub, graduates: 3, releaseDisability: false, firstResident: 820);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        var answer = await PostAsync(employer, world.ForVacancy());

        var candidates = answer.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(3, candidates.Count);
        Assert.Equal([1, 2, 3], candidates.Select(c => c.GetProperty("rank").GetInt32()));
        var scores = candidates.Select(c => c.GetProperty("score").GetInt32()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        foreach (var candidate in candidates)
        {
            // Identity is released to this employer, so the handle is the identified one.
            Assert.Matches("^subj_[a-z2-7]{26}$", candidate.GetProperty("candidate").GetString());
            var graduate = candidate.GetProperty("record").GetProperty("graduate");
            Assert.True(graduate.TryGetProperty("name", out _));
            Assert.False(graduate.TryGetProperty("accommodationNeeds", out _));
            Assert.False(graduate.TryGetProperty("hardshipFlags", out _));
            var codes = candidate.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
            Assert.Contains("skills-overlap", codes);
            Assert.DoesNotContain(codes, c => c is "accessibility-met" or "accessibility-conflict" or "inclusive-hardship" or "inclusive-disability");
            // The accessibility and inclusive-hiring points are there, as one neutral reason.
            var neutral = Assert.Single(candidate.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "other-fit");
            Assert.True(neutral.GetProperty("points").GetInt32() > 0);
            Assert.Equal(candidate.GetProperty("score").GetInt32(), candidate.GetProperty("reasons").EnumerateArray().Sum(r => r.GetProperty("points").GetInt32()));
            Assert.DoesNotContain("无障碍", candidate.GetProperty("reasons").GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("minimum-living-allowance", candidate.ToString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(world.SubjectKeys, k => answer.GetRawText().Contains(k, StringComparison.Ordinal));

        var audit = (await AuditReader.ReadAllAsync(hub)).Where(e => e.CallerClientId == TestClients.EmployerA.ClientId && e.Action == "POST /v1/match").ToList();
        var handles = candidates.Select(c => c.GetProperty("candidate").GetString()).ToHashSet();
        Assert.True(handles.All(h => audit.Any(e => e.SubjectHandle == h && e.Decision == "permit" && e.Purpose == "matching")));
        Assert.DoesNotContain(audit, e => e.FieldsReleased.Contains("graduate/accommodationNeeds"));
    }

    [Fact]
    public async Task A_caller_released_disability_reads_the_accessibility_reasons_in_both_languages()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await MatchWorld.BuildAsync(hub, graduates: 1, releaseDisability: true, firstResident: 830);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        var answer = await PostAsync(employer, world.ForVacancy());

        var candidate = Assert.Single(answer.GetProperty("candidates").EnumerateArray());
        Assert.True(candidate.GetProperty("record").GetProperty("graduate").TryGetProperty("accommodationNeeds", out _));
        var reasons = candidate.GetProperty("reasons").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r);
        Assert.Contains("step-free access", reasons["accessibility-met"].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("无障碍通道", reasons["accessibility-met"].GetProperty("textZh").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, reasons["accessibility-conflict"].GetProperty("points").GetInt32());
        Assert.Contains("inclusive-disability", reasons.Keys);
        // Hardship was not released: its reason stays neutral.
        Assert.DoesNotContain("inclusive-hardship", reasons.Keys);
        Assert.True(reasons.ContainsKey("other-fit"));
    }

    [Fact]
    public async Task Another_employer_gets_the_unknown_vacancy_answer_and_a_limit_caps_the_list()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await MatchWorld.BuildAsync(hub, graduates: 3, releaseDisability: false, firstResident: 840);
        using var other = hub.ClientFor(TestClients.EmployerB);
        using var refused = await other.PostAsync("/v1/match", MatchWorld.Body(world.ForVacancy()), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        using var matcher = hub.ClientFor(TestClients.Matcher);
        using var matched = await matcher.PostAsync("/v1/match", MatchWorld.Body(world.ForVacancy(limit: 2)), TestTimeout.Token());
        // The matcher has no agreement: the vacancy is found, no candidate is released.
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        Assert.Empty(JsonDocument.Parse(await matched.Content.ReadAsStringAsync()).RootElement.GetProperty("candidates").EnumerateArray());

        using var employer = hub.ClientFor(TestClients.EmployerA);
        var limited = await PostAsync(employer, world.ForVacancy(limit: 2));
        Assert.Equal(2, limited.GetProperty("candidates").GetArrayLength());
    }

    [Fact]
    public async Task A_handle_from_a_match_names_the_graduate_for_vacancies_and_the_university_explains_a_pair_in_both_languages()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var world = await MatchWorld.BuildAsync(hub, graduates: 1, releaseDisability: false, firstResident: 850);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var handle = (await PostAsync(employer, world.ForVacancy())).GetProperty("candidates")[0].GetProperty("candidate").GetString()!;

        var forGraduate = await PostAsync(employer, new JsonObject { ["purpose"] = "matching", ["graduate"] = new JsonObject { ["handle"] = handle } });
        var vacancy = Assert.Single(forGraduate.GetProperty("vacancies").EnumerateArray());
        Assert.Equal((string)world.Vacancy["recordId"]!, vacancy.GetProperty("vacancy").GetProperty("recordId").GetString());
        Assert.DoesNotContain(vacancy.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "accessibility-met");

        // The same handle means nothing to another organisation.
        using var other = hub.ClientFor(TestClients.Matcher);
        using var foreign = await other.PostAsync("/v1/match",
            MatchWorld.Body(new JsonObject { ["purpose"] = "matching", ["graduate"] = new JsonObject { ["handle"] = handle } }), TestTimeout.Token());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        using var university = hub.ClientFor(TestClients.UniversityA);
        var explanation = await PostAsync(university, new JsonObject
        {
            ["graduate"] = new JsonObject { ["recordId"] = world.RecordIds[0] },
            ["vacancy"] = world.Vacancy.DeepClone(),
        }, "/v1/match/explain");
        var reasons = explanation.GetProperty("reasons").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r);
        // The graduate's own data: the accessibility and hardship reasons are shown whole.
        Assert.Contains("accessibility-met", reasons.Keys);
        Assert.Contains("inclusive-hardship", reasons.Keys);
        Assert.Contains("Excel", reasons["skills-overlap"].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("具备岗位所需技能", reasons["skills-overlap"].GetProperty("textZh").GetString(), StringComparison.Ordinal);
        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Contains(audit, e => e.CallerClientId == TestClients.UniversityA.ClientId && e.Action == "POST /v1/match/explain" && e.Rule == "subject.own-access");
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, JsonObject body, string path = "/v1/match")
    {
        using var response = await client.PostAsync(path, MatchWorld.Body(body), TestTimeout.Token());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
