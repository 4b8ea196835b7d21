using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Steward;

[Collection(PostgresCollection.Name)]
public sealed class StewardApiTests(PostgresFixture postgres)
{
    private static readonly object s_agreement = new
    {
        providerOrganisation = TestClients.UniversityA.Organisation,
        grantee = new { role = "employer" },
        categories = new[] { "education", "eligibility" },
        purposes = new[] { "matching" },
        validFrom = "2026-01-01",
        validThrough = "2027-12-31",
        legalBasis = "Provincial employment department approval 2026-017",
    };

    [Fact]
    public async Task Agreement_versions_are_never_edited_in_place()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        var created = await steward.PostAsJsonAsync("/v1/steward/agreements", s_agreement);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.Content.ReadFromJsonAsync<JsonObject>();
        var id = (string)first!["id"]!;

        using var revise = new HttpRequestMessage(HttpMethod.Put, $"/v1/steward/agreements/{id}") { Content = JsonContent.Create(s_agreement) };
        revise.Headers.IfMatch.ParseAdd("\"1\"");
        var revised = await steward.SendAsync(revise);
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Equal(2, (int)(await revised.Content.ReadFromJsonAsync<JsonObject>())!["version"]!);

        var history = await steward.GetFromJsonAsync<JsonArray>($"/v1/steward/agreements/{id}/history");
        Assert.Equal([1, 2], history!.Select(v => (int)v!["version"]!).Order());
    }

    [Fact]
    public async Task Stale_If_Match_is_a_conflict_and_a_missing_one_is_required()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var id = (string)(await (await steward.PostAsJsonAsync("/v1/steward/agreements", s_agreement)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/agreements/{id}/revoke");
        stale.Headers.IfMatch.ParseAdd("\"7\"");
        Assert.Equal(HttpStatusCode.Conflict, (await steward.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await steward.PostAsync($"/v1/steward/agreements/{id}/revoke", null)).StatusCode);

        using var revoke = new HttpRequestMessage(HttpMethod.Post, $"/v1/steward/agreements/{id}/revoke");
        revoke.Headers.IfMatch.ParseAdd("\"1\"");
        var revoked = await steward.SendAsync(revoke);
        Assert.Equal("revoked", (string)(await revoked.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
    }

    [Fact]
    public async Task A_stale_version_and_a_revoked_agreement_answered_one_untyped_409_so_a_tool_could_not_tell_reload_from_give_up()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var id = (string)(await (await steward.PostAsJsonAsync("/v1/steward/agreements", s_agreement)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        async Task<string?> ProblemTypeAsync(HttpMethod method, string path, string? ifMatch)
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Put ? JsonContent.Create(s_agreement) : null };
            if (ifMatch is not null)
                request.Headers.IfMatch.ParseAdd(ifMatch);
            using var response = await steward.SendAsync(request, TestTimeout.Token());
            return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"];
        }

        var stale = await ProblemTypeAsync(HttpMethod.Post, $"/v1/steward/agreements/{id}/revoke", "\"7\"");
        var missing = await ProblemTypeAsync(HttpMethod.Put, $"/v1/steward/agreements/{id}", null);
        Assert.Null(await ProblemTypeAsync(HttpMethod.Post, $"/v1/steward/agreements/{id}/revoke", "\"1\""));
        var revoked = await ProblemTypeAsync(HttpMethod.Put, $"/v1/steward/agreements/{id}", "\"2\"");

        Assert.EndsWith("/agreement.version-conflict", stale, StringComparison.Ordinal);
        Assert.EndsWith("/agreement.if-match-required", missing, StringComparison.Ordinal);
        Assert.EndsWith("/agreement.revoked", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_with_an_unknown_category_is_a_validation_problem()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var bad = JsonSerializer.SerializeToNode(s_agreement)!.AsObject();
        bad["categories"] = new JsonArray("education", "shoe-size");

        var response = await steward.PostAsJsonAsync("/v1/steward/agreements", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("shoe-size", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_record_is_pseudonymised_and_its_withdrawal_is_a_change_event()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "consent.valid.json")))!.AsArray()[0]!.AsObject();
        var residentId = (string)consent["residentId"]!;
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;

        var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var again = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal("unchanged", (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!);

        var listed = await steward.GetStringAsync($"/v1/steward/consents?subject={subjectKey}");
        Assert.DoesNotContain(residentId, listed, StringComparison.Ordinal);
        Assert.Contains(subjectKey, listed, StringComparison.Ordinal);

        var withdrawn = await steward.PostAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/{(string)consent["recordId"]!}/withdraw", null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var changes = await steward.GetFromJsonAsync<JsonArray>("/v1/steward/consents/changes");
        Assert.Contains(changes!, c => (string)c!["subjectKey"]! == subjectKey && (string)c["kind"]! == "withdrawn");
    }

    [Fact]
    public async Task Invalid_consent_record_is_answered_with_each_problem()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "consent.invalid.json")))!.AsArray()[0]!.AsObject();

        var response = await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(problem!["problems"]!.AsArray(), p => (string)p!["code"]! == "consent.sensitive-not-separate");
    }

    [Fact]
    public async Task FHIR_Consent_is_recorded_and_exported_back_as_FHIR()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var keys = hub.Services.GetRequiredService<LinkageKeys>();
        const string residentId = "410102200304120222";
        var fhir = FhirConsentJson(residentId);

        var recorded = await steward.PostAsync("/v1/steward/consents", new StringContent(fhir, Encoding.UTF8, "application/fhir+json"));
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());

        var exported = await steward.GetAsync($"/v1/steward/consents?subject={keys.KeyFor(residentId)}&format=fhir");
        var text = await exported.Content.ReadAsStringAsync();
        Assert.Equal("application/fhir+json", exported.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"resourceType\":\"Consent\"", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(residentId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steward_reads_the_audit_filtered_by_caller()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var anonymous = hub.Anonymous();
        await anonymous.GetAsync("/v1/steward/agreements");
        using var steward = hub.ClientFor(TestClients.Steward);

        var page = await steward.GetFromJsonAsync<JsonObject>("/v1/steward/audit?limit=50");

        var entries = page!["entries"]!.AsArray();
        Assert.Contains(entries, e => (string)e!["rule"]! == "token.missing" && (string)e["decision"]! == "deny");
        Assert.All(entries, e => Assert.Equal(64, ((string)e!["hash"]!).Length));
    }

    [Fact]
    public async Task Steward_reads_the_audit_filtered_by_decision_action_and_rule_and_an_unknown_decision_is_named()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var anonymous = hub.Anonymous();
        await anonymous.GetAsync("/v1/steward/agreements");
        using var steward = hub.ClientFor(TestClients.Steward);
        await steward.GetAsync("/v1/steward/consents?subject=lk_someone");

        var denied = (await steward.GetFromJsonAsync<JsonObject>("/v1/steward/audit?decision=deny"))!["entries"]!.AsArray();
        var consentReads = (await steward.GetFromJsonAsync<JsonObject>("/v1/steward/audit?action=GET%20/v1/steward/cons&rule=steward.consent-read"))!["entries"]!.AsArray();
        var unknown = await steward.GetAsync("/v1/steward/audit?decision=maybe");

        Assert.NotEmpty(denied);
        Assert.All(denied, e => Assert.Equal("deny", (string)e!["decision"]!));
        var read = Assert.Single(consentReads);
        Assert.Equal("GET /v1/steward/consents", (string)read!["action"]!);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["decision"]);
    }

    [Fact]
    public async Task A_steward_finds_a_subjects_consents_by_a_handle_read_in_the_audit_and_an_unreleased_handle_is_a_404()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "consent.valid.json")))!.AsArray()[0]!.AsObject();
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor((string)consent["residentId"]!)!;
        Assert.Equal(HttpStatusCode.Created, (await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        var handles = hub.Services.GetRequiredService<SubjectHandles>();
        var released = handles.Candidate(TestClients.EmployerA.Organisation, subjectKey);
        await hub.Services.GetRequiredService<IHandleDirectory>().RememberAsync(
            [new IssuedHandle(TestClients.EmployerA.Organisation, released, subjectKey)], DateTimeOffset.UtcNow, TestTimeout.Token());

        var byHandle = await steward.GetFromJsonAsync<JsonArray>($"/v1/steward/consents?subject={released}");
        var neverReleased = await steward.GetAsync($"/v1/steward/consents?subject={handles.Candidate(TestClients.EmployerB.Organisation, subjectKey)}");

        Assert.Equal(subjectKey, (string)Assert.Single(byHandle!)!["subjectKey"]!);
        Assert.Equal(HttpStatusCode.NotFound, neverReleased.StatusCode);
        Assert.EndsWith("handle-unknown", (string)(await neverReleased.Content.ReadFromJsonAsync<JsonObject>())!["type"]!, StringComparison.Ordinal);
        Assert.Contains(await AuditReader.ReadAllAsync(hub), e => e.Rule == "handle.unknown" && e.Decision == "deny");
    }

    [Fact]
    public async Task An_audit_search_whose_subject_filter_was_misspelt_answered_every_entry_as_if_unfiltered()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        Assert.True((await steward.GetAsync("/v1/steward/consents?subject=lk_someone")).IsSuccessStatusCode);

        using var misspelt = await steward.GetAsync("/v1/steward/audit?subjects=cand_someone_else", TestTimeout.Token());

        var body = await misspelt.Content.ReadAsStringAsync();
        Assert.True(misspelt.StatusCode == HttpStatusCode.BadRequest, $"{(int)misspelt.StatusCode} {body}");
        var problem = Assert.Single(JsonNode.Parse(body)!["problems"]!.AsArray())!;
        Assert.Equal(("steward.unknown-parameter", "subjects"), ((string?)problem["code"], (string?)problem["parameter"]));
        Assert.Contains("subject", (string?)problem["message"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)problem["messageZh"]));
        // A parameter's name binds whatever its case, as it did before unknown ones were refused.
        using var capitalised = await steward.GetAsync("/v1/steward/audit?Subject=cand_someone_else&LIMIT=5", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, capitalised.StatusCode);
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("0")]
    public async Task Consent_changes_asked_for_more_than_1000_answered_1000_so_a_subscriber_took_the_short_page_for_the_end(string limit)
    {
        var body = await RefusedAsync($"/v1/steward/consents/changes?limit={limit}");

        Assert.True(JsonNode.Parse(body)!["errors"]!.AsObject().ContainsKey("limit"), body);
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("0")]
    public async Task Reviews_asked_for_more_than_1000_answered_1000_so_a_steward_took_the_short_page_for_the_end(string limit)
    {
        var body = await RefusedAsync($"/v1/steward/reviews?limit={limit}");

        AssertParameterProblem(body, "steward.invalid-parameter", "limit");
    }

    [Theory]
    [InlineData("/v1/steward/audit?limit=0", "limit")]
    [InlineData("/v1/steward/audit?limit=5000", "limit")]
    [InlineData("/v1/steward/audit?decision=maybe", "decision")]
    [InlineData("/v1/steward/consents/changes?limit=5000", "limit")]
    [InlineData("/v1/steward/reviews?state=pending", "state")]
    [InlineData("/v1/steward/consents?subject=lk_someone&format=xml", "format")]
    [InlineData("/v1/steward/consents?subject=", "subject")]
    public async Task A_steward_parameter_out_of_its_range_was_answered_without_a_code_a_tool_could_act_on(string url, string parameter)
    {
        var body = await RefusedAsync(url);

        AssertParameterProblem(body, "steward.invalid-parameter", parameter);
    }

    [Theory]
    [InlineData("/v1/steward/audit?limit=abc", "limit")]
    [InlineData("/v1/steward/audit?from=yesterday", "from")]
    [InlineData("/v1/steward/audit?after=-", "after")]
    [InlineData("/v1/steward/agreements?asOf=tomorrow", "asOf")]
    [InlineData("/v1/steward/consents/changes?after=1.5", "after")]
    public async Task A_steward_parameter_of_the_wrong_form_was_answered_with_the_hubs_own_parameter_type(string url, string parameter)
    {
        var body = await RefusedAsync(url);

        Assert.DoesNotContain("Nullable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to bind", body, StringComparison.Ordinal);
        AssertParameterProblem(body, "steward.invalid-parameter", parameter);
    }

    /// <summary>The body of a steward's GET of <paramref name="url"/>, which must be answered 400.</summary>
    private async Task<string> RefusedAsync(string url)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        using var response = await steward.GetAsync(url, TestTimeout.Token());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        return body;
    }

    private static void AssertParameterProblem(string body, string code, string parameter)
    {
        var answer = JsonNode.Parse(body)!;
        Assert.EndsWith("/" + code, (string?)answer["type"], StringComparison.Ordinal);
        var problem = Assert.Single(answer["problems"]!.AsArray())!;
        Assert.Equal((code, parameter), ((string?)problem["code"], (string?)problem["parameter"]));
        Assert.Contains(parameter, (string?)problem["message"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)problem["messageZh"]), body);
        Assert.True(answer["errors"]!.AsObject().ContainsKey(parameter), body);
    }

    [Fact]
    public async Task A_stewards_read_of_a_subjects_consents_is_audited_under_the_subjects_handle()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        const string subjectKey = "lk_read_by_a_steward";

        Assert.True((await steward.GetAsync($"/v1/steward/consents?subject={subjectKey}")).IsSuccessStatusCode);
        Assert.True((await steward.GetAsync($"/v1/steward/consents?subject={subjectKey}&format=fhir")).IsSuccessStatusCode);
        Assert.True((await steward.GetAsync("/v1/steward/consents/changes")).IsSuccessStatusCode);

        var handle = hub.Services.GetRequiredService<SubjectHandles>().Candidate(TestClients.Steward.Organisation, subjectKey);
        var entries = await AuditReader.ReadAllAsync(hub);
        var reads = entries.Where(e => e.Rule == "steward.consent-read").ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, e => Assert.Equal((handle, "permit", TestClients.Steward.ClientId, "GET /v1/steward/consents"), (e.SubjectHandle, e.Decision, e.CallerClientId, e.Action)));
        Assert.Single(entries, e => e.Rule == "steward.consent-changes-read" && e.SubjectHandle == "");
        Assert.DoesNotContain(entries, e => e.SubjectHandle.Contains(subjectKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_consents_history_lists_every_version_newest_first_and_its_read_is_audited_under_the_subjects_handle()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "consent.valid.json")))!.AsArray()[0]!.AsObject();
        var recordId = (string)consent["recordId"]!;
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor((string)consent["residentId"]!)!;
        Assert.Equal(HttpStatusCode.Created, (await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        consent["validThrough"] = "2031-06-30";
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync("/v1/steward/consents", new StringContent(consent.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/{recordId}/withdraw", null)).StatusCode);

        var history = (await steward.GetFromJsonAsync<JsonArray>($"/v1/steward/consents/{TestClients.Steward.Organisation}/{recordId}/history"))!;
        var unknown = await steward.GetAsync($"/v1/steward/consents/{TestClients.Steward.Organisation}/no-such-consent/history");

        Assert.Equal([3, 2, 1], history.Select(v => (int)v!["version"]!));
        Assert.Equal(["withdrawn", "revised", "received"], history.Select(v => (string)v!["change"]!));
        Assert.Equal(["withdrawn", "active", "active"], history.Select(v => (string)v!["consent"]!["status"]!));
        Assert.Equal("2031-06-30", (string)history[1]!["consent"]!["validThrough"]!);
        Assert.NotEqual("2031-06-30", (string)history[2]!["consent"]!["validThrough"]!);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var handle = hub.Services.GetRequiredService<SubjectHandles>().Candidate(TestClients.Steward.Organisation, subjectKey);
        var read = Assert.Single(await AuditReader.ReadAllAsync(hub), e => e.Rule == "steward.consent-history-read");
        Assert.Equal((handle, "permit", TestClients.Steward.ClientId), (read.SubjectHandle, read.Decision, read.CallerClientId));
        Assert.Equal("GET /v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/history", read.Action);
    }

    private static string FhirConsentJson(string residentId)
    {
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Steward", "consent.fhir.json"));
        return template.Replace("{{residentId}}", residentId, StringComparison.Ordinal)
            .Replace("{{grantee}}", TestClients.EmployerA.Organisation, StringComparison.Ordinal);
    }

    private static string RepositoryRoot() => Samples.RepositoryRoot;
}
