using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Steward;
using Exchange.Hub.Tests.Security;
using Exchange.Hub.Tests.Support;
using Exchange.Index.Queries;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

/// <summary>Records pushed at the door reach the merged index through the log, and the read side answers from it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MergedIndexTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_pushed_graduate_is_read_back_from_the_merged_index_and_a_new_version_replaces_the_old()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var residentId = ResidentIds.Make(900);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var agreement = new AgreementRequest(TestClients.UniversityA.Organisation, new GranteeDto(null, "employer"), ["education"], ["matching"],
            today.AddDays(-30), today.AddDays(365), SubjectWorld.LegalBasis);
        using (var created = await steward.PostAsJsonAsync("/v1/steward/agreements", agreement, JsonSerializerOptions.Web, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var graduate = Samples.GraduateFor(TestClients.UniversityA, residentId);
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", graduate, expectAccepted: true);
        await ConsentWriteMatrixTests.PushAsync(university, "consent",
            ConsentWriteMatrixTests.Consent("IDX-CON-900", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education"]), expectAccepted: true);
        await hub.WaitForMergerAsync();

        Assert.Equal((string?)graduate["majorName"], await MajorAsync(employer, subjectKey));

        graduate["majorName"] = "审计学";
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", graduate, expectAccepted: true);
        await hub.WaitForMergerAsync();

        Assert.Equal("审计学", await MajorAsync(employer, subjectKey));
        var counts = await hub.Services.GetRequiredService<IndexCounts>().ReadAsync(TestTimeout.Token());
        Assert.Equal(1, counts.ActiveSubjects);
        Assert.Equal(1, counts.RecordsByKind["graduate"]);
    }

    [Fact]
    public async Task A_graduate_pushed_without_a_resident_id_is_accepted_and_joins_the_person_it_resolves_to()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var keyed = Samples.GraduateFor(TestClients.UniversityA, ResidentIds.Make(902));
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", keyed, expectAccepted: true);
        // The alumni office's ledger: the same graduate, without the resident id.
        var keyless = keyed.DeepClone().AsObject();
        keyless["recordId"] = "ALUMNI-902";
        keyless.Remove("residentId");
        await ConsentWriteMatrixTests.PushAsync(university, "graduate", keyless, expectAccepted: true);
        await hub.WaitForMergerAsync();

        var counts = await hub.Services.GetRequiredService<IndexCounts>().ReadAsync(TestTimeout.Token());
        Assert.Equal((1L, 2L), (counts.ActiveSubjects, counts.RecordsByKind["graduate"]));
    }

    [Fact]
    public async Task A_certification_without_a_resident_id_is_still_rejected_because_nothing_could_find_its_person()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);
        var certification = Samples.Valid("certification");
        certification.Remove("residentId");

        using var response = await bureau.PostAsync("/v1/records/certification",
            new StringContent(new JsonArray(certification.DeepClone()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"), TestTimeout.Token());

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)answer["rejected"]!);
        Assert.Contains(answer["records"]![0]!["problem"]!["problems"]!.AsArray(), p => (string?)p!["pointer"] == "/residentId");
    }

    [Fact]
    public async Task A_certification_that_has_expired_no_longer_makes_the_graduate_eligible()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var employer = hub.ClientFor(TestClients.EmployerA);
        var residentId = ResidentIds.Make(904);
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(residentId)!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var agreement = new AgreementRequest(null, new GranteeDto(null, "employer"), ["education", "eligibility"], ["matching"],
            today.AddDays(-30), today.AddDays(365), SubjectWorld.LegalBasis);
        using (var created = await steward.PostAsJsonAsync("/v1/steward/agreements", agreement, JsonSerializerOptions.Web, TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var consent = ConsentWriteMatrixTests.Consent("EXPIRED-904", residentId, new JsonObject { ["role"] = "employer" }, "matching", ["education", "eligibility"]);
        using (var recorded = await steward.PostAsync("/v1/steward/consents",
            new StringContent(consent.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), TestTimeout.Token()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        await SubjectWorld.InsertGraduateAsync(hub, TestClients.UniversityA.Organisation, 904, subjectKey);
        var certification = Samples.Valid("certification");
        certification["validFrom"] = today.AddDays(-400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        certification["validThrough"] = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await SubjectWorld.InsertRecordAsync(hub, "certification", (string)certification["issuerCreditCode"]!, certification, subjectKey);

        using var response = await employer.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.False((bool)JsonNode.Parse(body)!["derived"]!["eligibility"]!["eligible"]!, body);
    }

    private static async Task<string?> MajorAsync(HttpClient employer, string subjectKey)
    {
        using var response = await employer.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching", TestTimeout.Token());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return (string?)JsonNode.Parse(body)!["graduate"]!["majorName"];
    }
}
