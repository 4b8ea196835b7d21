using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Security;

/// <summary>Subject fetch as a caller probing for keys, and as the employer of docs/access.md's worked example.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SubjectFetchTests(PostgresFixture postgres)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Existing_subject_the_caller_may_not_see_and_unknown_key_get_the_same_answer_and_both_are_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var existing = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentIds.Make(700))!;
        await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, 700, existing);
        var unknown = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentIds.Make(702))!;

        using var denied = await employer.GetAsync($"/v1/subjects/{existing}?purpose=matching", TestTimeout.Token());
        using var missing = await employer.GetAsync($"/v1/subjects/{unknown}?purpose=matching", TestTimeout.Token());

        Assert.Equal(denied.StatusCode, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.Equal(WithoutTraceId(await denied.Content.ReadAsStringAsync()), WithoutTraceId(await missing.Content.ReadAsStringAsync()));
        Assert.Equal(denied.Content.Headers.ContentType, missing.Content.Headers.ContentType);
        var audit = (await AuditReader.ReadAllAsync(hub)).Where(e => e.CallerClientId == TestClients.EmployerA.ClientId).ToList();
        Assert.Contains(audit, e => e.Decision == "deny" && e.Rule == "agreement.none");
        Assert.Contains(audit, e => e.Decision == "deny" && e.Rule == "subject.unknown" && e.SubjectHandle.StartsWith("cand_", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.SubjectHandle.Contains(existing, StringComparison.Ordinal) || e.SubjectHandle.Contains(unknown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Employer_of_the_worked_example_reads_derived_eligibility_under_an_agreement_bound_to_the_university()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var subjectKey = await EligibleGraduateAsync(hub, TestClients.UniversityA.Organisation, residentSequence: 704);

        var derived = await ReadDerivedAsync(hub, subjectKey);

        Assert.Equal(JsonValueKind.Object, derived.ValueKind);
        var eligibility = derived.GetProperty("eligibility");
        Assert.True(eligibility.GetProperty("eligible").GetBoolean());
        Assert.Equal("郑州市中原区民政局", eligibility.GetProperty("issuer").GetString());
        Assert.False(eligibility.TryGetProperty("certificationType", out _));
    }

    [Fact]
    public async Task A_subject_fetch_whose_fields_was_misspelt_released_every_field_instead_of_refusing()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var subjectKey = await EligibleGraduateAsync(hub, TestClients.UniversityA.Organisation, residentSequence: 706);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var misspelt = await employer.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching&field=graduate/educationLevel", TestTimeout.Token());

        var body = await misspelt.Content.ReadAsStringAsync();
        Assert.True(misspelt.StatusCode == HttpStatusCode.BadRequest, $"{(int)misspelt.StatusCode} {body}");
        var problem = Assert.Single(JsonNode.Parse(body)!["problems"]!.AsArray())!;
        Assert.Equal(("subject.unknown-parameter", "field"), ((string?)problem["code"], (string?)problem["parameter"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["messageZh"]));
    }

    [Fact]
    public async Task Derived_eligibility_under_an_agreement_without_provider_is_not_nested_twice()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        var subjectKey = await EligibleGraduateAsync(hub, provider: null, residentSequence: 706);

        var derived = await ReadDerivedAsync(hub, subjectKey);

        Assert.Equal(["eligibility"], derived.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["eligible", "issuer", "validThrough"], derived.GetProperty("eligibility").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    // Each answer carries its own request's trace id; everything else must be byte for byte the same.
    private static string WithoutTraceId(string problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        Assert.NotNull(node["traceId"]);
        node.Remove("traceId");
        return node.ToJsonString();
    }

    /// <summary>
    /// The employer example of docs/access.md: an agreement (provider as given, grantee role
    /// employer, education and eligibility, matching), the graduate's consent to employers, a
    /// graduate record from Peking University and a bureau's hardship certification.
    /// </summary>
    private static async Task<string> EligibleGraduateAsync(HubHost hub, string? provider, int residentSequence)
    {
        using var steward = hub.ClientFor(TestClients.Steward);
        var residentId = ResidentIds.Make(residentSequence);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        var agreement = new AgreementRequest(provider, new GranteeDto(null, "employer"), ["education", "eligibility"], ["matching"],
            Today.AddDays(-30), Today.AddDays(365), SubjectWorld.LegalBasis);
        using (var created = await steward.PostAsJsonAsync("/v1/steward/agreements", agreement, JsonSerializerOptions.Web, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var consent = ConsentWriteMatrixTests.Consent($"ELIG-{residentSequence}", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education", "eligibility"]);
        using (var recorded = await steward.PostAsync("/v1/steward/consents",
            new StringContent(consent.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, residentSequence, subjectKey);
        var certification = Samples.Valid("certification");
        certification["validFrom"] = Today.AddDays(-100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        certification["validThrough"] = Today.AddDays(200).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await SubjectWorld.InsertRecordAsync(hub, "certification", (string)certification["issuerCreditCode"]!, certification, subjectKey);
        return subjectKey;
    }

    private static async Task<JsonElement> ReadDerivedAsync(HubHost hub, string subjectKey)
    {
        using var employer = hub.ClientFor(TestClients.EmployerA);
        using var response = await employer.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.TryGetProperty("derived", out var derived), body);
        return derived.Clone();
    }
}
