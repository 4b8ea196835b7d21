using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// The authorisation matrix of consent writes: who may record or withdraw a consent for a subject
/// (a steward, or the subject's own institution, never naming itself), tried as a hostile
/// university and as a careless one would, over the push API in JSON and FHIR.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConsentWriteMatrixTests(PostgresFixture postgres)
{
    [Fact]
    public async Task University_cannot_forge_a_consent_that_opens_another_universitys_graduate_to_it()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var universityA = hub.ClientFor(TestClients.UniversityA);
        using var universityB = hub.ClientFor(TestClients.UniversityB);
        var residentId = ResidentIds.Make(600);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        await AgreementAsync(steward, new GranteeDto(null, "university"), ["education"], "service-delivery");
        await PushAsync(universityA, "graduate", Samples.GraduateFor(TestClients.UniversityA, residentId), expectAccepted: true);
        await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, 600, subjectKey);
        var read = $"/v1/subjects/{subjectKey}?purpose=service-delivery";

        // 2. University B may not read A's graduate.
        Assert.Equal(HttpStatusCode.NotFound, (await universityB.GetAsync(read, TestTimeout.Token())).StatusCode);

        // 3. B pushes a consent naming itself, then its role, as JSON and as FHIR: every one refused, and audited.
        var forged = new[]
        {
            Consent("FORGE-1", residentId, new JsonObject { ["organisationCreditCode"] = TestClients.UniversityB.Organisation }, "service-delivery", ["education"]),
            Consent("FORGE-2", residentId, new JsonObject { ["role"] = "university" }, "service-delivery", ["education"]),
        };
        foreach (var consent in forged)
            Assert.Equal("access.consent-not-custodian", await PushRefusedAsync(universityB, consent));
        Assert.Equal("access.consent-not-custodian", await PushFhirRefusedAsync(universityB, residentId, TestClients.UniversityB.Organisation));

        // 4. B still reads nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await universityB.GetAsync(read, TestTimeout.Token())).StatusCode);
        var audit = await AuditReader.ReadAllAsync(hub);
        Assert.Equal(3, audit.Count(e => e.CallerClientId == TestClients.UniversityB.ClientId && e.Rule == "access.consent-not-custodian" && e.Decision == "deny"));
        Assert.DoesNotContain(audit, e => e.CallerClientId == TestClients.UniversityB.ClientId && e.Decision == "permit");

        // A custodian cannot grant itself access either: it holds its own data, so a self-grant could only open another provider's.
        Assert.Equal("access.consent-self-grant", await PushRefusedAsync(universityA,
            Consent("SELF-1", residentId, new JsonObject { ["role"] = "university" }, "service-delivery", ["education"])));

        // The rule is not a wall: the graduate's own institution records the graduate's consent to B, and B reads.
        await PushAsync(universityA, "consent",
            Consent("REAL-1", residentId, new JsonObject { ["organisationCreditCode"] = TestClients.UniversityB.Organisation }, "service-delivery", ["education"]),
            expectAccepted: true);
        using var permitted = await universityB.GetAsync(read, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, permitted.StatusCode);
        Assert.NotNull((await permitted.Content.ReadFromJsonAsync<JsonObject>())!["graduate"]!["majorName"]);
    }

    [Fact]
    public async Task Pushed_withdrawal_tells_no_one_to_forget_a_consent_it_does_not_name()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var universityA = hub.ClientFor(TestClients.UniversityA);
        using var universityB = hub.ClientFor(TestClients.UniversityB);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var residentId = ResidentIds.Make(602);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        await AgreementAsync(steward, new GranteeDto(null, "employer"), ["education"], "matching");
        await PushAsync(universityA, "graduate", Samples.GraduateFor(TestClients.UniversityA, residentId), expectAccepted: true);
        await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, 602, subjectKey);
        using (var recorded = await steward.PostAsync("/v1/steward/consents", Json(Consent("STEWARD-1", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"])), TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var read = $"/v1/subjects/{subjectKey}?purpose=matching";
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync(read, TestTimeout.Token())).StatusCode);

        // University B, which holds nothing of the subject, "withdraws" for every employer: refused.
        var falseWithdrawal = Withdrawn(Consent("FALSE-1", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]));
        Assert.Equal("access.consent-not-custodian", await PushRefusedAsync(universityB, falseWithdrawal));

        // The subject's own institution sends a consent that arrives already withdrawn: kept, but it names no consent anyone received data under.
        await PushAsync(universityA, "consent", Withdrawn(Consent("ARRIVED-WITHDRAWN", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"])),
            expectAccepted: true);
        Assert.Empty(await ChangesAsync(steward));
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync(read, TestTimeout.Token())).StatusCode);

        // A real withdrawal names the one consent it withdraws; the steward's consent still stands.
        var given = Consent("GIVEN-THEN-WITHDRAWN", residentId, new JsonObject { ["organisationCreditCode"] = TestClients.EmployerB.Organisation }, "matching", ["education"]);
        await PushAsync(universityA, "consent", given, expectAccepted: true);
        await PushAsync(universityA, "consent", Withdrawn(given), expectAccepted: true);
        var change = Assert.Single(await ChangesAsync(steward));
        Assert.Equal((TestClients.UniversityA.Organisation, "GIVEN-THEN-WITHDRAWN", TestClients.EmployerB.Organisation),
            (change.ConsentSourceOrganisation, change.ConsentRecordId, change.Grantee.Organisation));
        Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync(read, TestTimeout.Token())).StatusCode);
    }

    [Fact]
    public async Task Consent_pushed_by_a_client_without_the_scope_is_refused_403_and_audited()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        using var response = await employer.PostAsync("/v1/records/consent",
            Json(new JsonArray(Consent("NO-SCOPE", ResidentIds.Make(604), new JsonObject { ["role"] = "employer" }, "matching", ["education"]))), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("records:write:consent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entry = Assert.Single(await AuditReader.ReadAllAsync(hub), e => e.CallerClientId == TestClients.EmployerA.ClientId);
        Assert.Equal(("deny", "scope.missing", "POST /v1/records/{kind}"), (entry.Decision, entry.Rule, entry.Action));
    }

    internal static JsonObject Consent(string recordId, string residentId, JsonObject grantee, string purpose, string[] categories) => new()
    {
        ["recordId"] = recordId,
        ["residentId"] = residentId,
        ["grantee"] = grantee,
        ["purposes"] = new JsonArray(purpose),
        ["dataCategories"] = new JsonArray(categories.Select(c => (JsonNode?)c).ToArray()),
        ["validFrom"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["validThrough"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["status"] = "active",
        ["givenAt"] = DateTimeOffset.UtcNow.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["evidence"] = new JsonObject { ["method"] = "online-click", ["reference"] = $"EVIDENCE-{recordId}" },
    };

    private static JsonObject Withdrawn(JsonObject consent)
    {
        var copy = consent.DeepClone().AsObject();
        copy["status"] = "withdrawn";
        copy["withdrawnAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return copy;
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    internal static async Task PushAsync(HttpClient client, string kind, JsonObject record, bool expectAccepted)
    {
        using var response = await client.PostAsync($"/v1/records/{kind}", Json(new JsonArray(record.DeepClone())), TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.True((int)JsonNode.Parse(body)!["accepted"]! == (expectAccepted ? 1 : 0), body);
    }

    /// <summary>Pushes one consent record and returns the code of the problem it was rejected with.</summary>
    internal static async Task<string> PushRefusedAsync(HttpClient client, JsonObject consent)
    {
        using var response = await client.PostAsync("/v1/records/consent", Json(new JsonArray(consent.DeepClone())), TestTimeout.Token());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)answer["rejected"]!);
        return (string)answer["records"]![0]!["problem"]!["problems"]![0]!["code"]!;
    }

    private static async Task<string> PushFhirRefusedAsync(HttpClient client, string residentId, string grantee)
    {
        var consent = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Steward", "consent.fhir.json"))
            .Replace("{{residentId}}", residentId, StringComparison.Ordinal)
            .Replace("{{grantee}}", grantee, StringComparison.Ordinal);
        using var response = await client.PostAsync("/v1/records/consent", new StringContent(consent, Encoding.UTF8, "application/fhir+json"), TestTimeout.Token());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)answer["rejected"]!);
        return (string)answer["records"]![0]!["problem"]!["problems"]![0]!["code"]!;
    }

    private static async Task AgreementAsync(HttpClient steward, GranteeDto grantee, string[] categories, string purpose)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var agreement = new AgreementRequest(null, grantee, categories, [purpose], today.AddDays(-30), today.AddDays(365), SubjectWorld.LegalBasis);
        using var response = await steward.PostAsJsonAsync("/v1/steward/agreements", agreement, JsonSerializerOptions.Web, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<IReadOnlyList<ConsentChangeResponse>> ChangesAsync(HttpClient steward) =>
        (await steward.GetFromJsonAsync<List<ConsentChangeResponse>>("/v1/steward/consents/changes", JsonSerializerOptions.Web, TestTimeout.Token()))!;
}
