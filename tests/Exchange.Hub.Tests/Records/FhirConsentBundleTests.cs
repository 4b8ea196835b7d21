using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Access.Consent;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Ingest;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

/// <summary>
/// A FHIR Bundle of consents is answered entry by entry: a Consent that is not valid R4 is one
/// rejected entry with a problem naming it, and the good entries beside it are ingested.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FhirConsentBundleTests(PostgresFixture postgres)
{
    private const string ResidentId = "410102200304120222";

    [Fact]
    public void One_Consent_that_is_not_valid_R4_no_longer_fails_the_whole_Bundle()
    {
        var bundle = Bundle(Consent("C-GOOD-1"), NotValidR4("C-BAD-1"), Consent("C-GOOD-2"));

        var (records, bodyProblem) = ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(bundle.ToJsonString()), TestClients.UniversityA.Organisation);

        Assert.Null(bodyProblem);
        Assert.Equal(["Bundle.entry[0].resource", "Bundle.entry[1].resource", "Bundle.entry[2].resource"], records.Select(r => r.Origin));
        Assert.Empty(records[0].MappingProblems);
        Assert.Empty(records[2].MappingProblems);
        var problem = Assert.Single(records[1].MappingProblems);
        Assert.Equal(ConsentProblemCodes.FhirInvalid, problem.Code);
        Assert.Equal("Bundle.entry[1].resource.status", problem.Pointer);
        Assert.Contains("not-a-status", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Bundle.entry[1].resource.status", problem.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_R4_error_of_an_entry_is_a_problem_at_its_element()
    {
        var bad = Consent("C-BAD-2");
        bad["bogus"] = 1;
        bad.Remove("scope");

        var (records, _) = ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(Bundle(Consent("C-GOOD-1"), bad).ToJsonString()), TestClients.UniversityA.Organisation);

        Assert.Empty(records[0].MappingProblems);
        Assert.Equal(["Bundle.entry[1].resource.bogus", "Bundle.entry[1].resource.scope"],
            records[1].MappingProblems.Select(p => p.Pointer).Order(StringComparer.Ordinal));
        Assert.All(records[1].MappingProblems, p => Assert.Equal(ConsentProblemCodes.FhirInvalid, p.Code));
    }

    [Fact]
    public void An_entry_without_a_resource_is_a_problem_of_its_own()
    {
        var bundle = Bundle(Consent("C-GOOD-1"));
        bundle["entry"]!.AsArray().Add(new JsonObject { ["fullUrl"] = "urn:uuid:9d1c7f4e-0000-4000-8000-000000000001" });

        var (records, bodyProblem) = ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(bundle.ToJsonString()), TestClients.UniversityA.Organisation);

        Assert.Null(bodyProblem);
        Assert.Empty(records[0].MappingProblems);
        var problem = Assert.Single(records[1].MappingProblems);
        Assert.Equal(("Bundle.entry[1]", ConsentProblemCodes.FhirMissing), (problem.Pointer, problem.Code));
    }

    [Fact]
    public void A_lone_Consent_that_is_not_valid_R4_is_one_rejected_record()
    {
        var (records, bodyProblem) = ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(NotValidR4("C-BAD-1").ToJsonString()), TestClients.UniversityA.Organisation);

        Assert.Null(bodyProblem);
        var problem = Assert.Single(Assert.Single(records).MappingProblems);
        Assert.Equal(("Consent.status", ConsentProblemCodes.FhirInvalid), (problem.Pointer, problem.Code));
    }

    [Fact]
    public void A_missing_element_of_a_lone_Consent_is_named_from_the_Consent()
    {
        var consent = Consent("C-BAD-3");
        consent.Remove("category");

        var (records, _) = ConsentIntake.FromFhir(Encoding.UTF8.GetBytes(consent.ToJsonString()), TestClients.UniversityA.Organisation);

        var problem = Assert.Single(Assert.Single(records).MappingProblems);
        Assert.Equal("Consent.category", problem.Pointer);
        Assert.DoesNotContain("$this", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_JSON_is_a_problem_with_the_body()
    {
        var (records, bodyProblem) = ConsentIntake.FromFhir("{\"resourceType\":\"Bundle\","u8.ToArray(), TestClients.UniversityA.Organisation);

        Assert.Empty(records);
        Assert.Equal(ConsentProblemCodes.FhirInvalid, bodyProblem?.Code);
    }

    [Fact]
    public async Task Pushed_searchset_with_one_invalid_Consent_ingests_the_others_and_rejects_that_entry()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var steward = hub.ClientFor(TestClients.Steward);
        await Security.ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.Valid("graduate"), expectAccepted: true);
        var bundle = Bundle(Consent("C-GOOD-1"), Consent("C-GOOD-2"), Consent("C-GOOD-3"), NotValidR4("C-BAD-1"));

        using var response = await university.PostAsync("/v1/records/consent",
            new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json"), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token()))!;
        Assert.Equal((3, 1), ((int)answer["accepted"]!, (int)answer["rejected"]!));
        var rejected = answer["records"]![3]!;
        Assert.Equal(("Bundle.entry[3].resource", "rejected"), ((string)rejected["origin"]!, (string)rejected["status"]!));
        // Only what is wrong with the entry: not also every field the unmapped record lacks.
        var problem = Assert.Single(rejected["problem"]!["problems"]!.AsArray())!;
        Assert.Equal(("Bundle.entry[3].resource.status", ConsentProblemCodes.FhirInvalid), ((string)problem["pointer"]!, (string)problem["code"]!));

        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor(ResidentId)!;
        var stored = await steward.GetFromJsonAsync<JsonArray>($"/v1/steward/consents?subject={subjectKey}", TestTimeout.Token());
        Assert.Equal(["C-GOOD-1", "C-GOOD-2", "C-GOOD-3"], stored!.Select(c => (string)c!["sourceRecordId"]!).Order(StringComparer.Ordinal));
    }

    /// <summary>The test Consent (tests/…/Steward/consent.fhir.json) for the sample graduate, granting employer A.</summary>
    internal static JsonObject Consent(string id)
    {
        var consent = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Steward", "consent.fhir.json"))
            .Replace("{{residentId}}", ResidentId, StringComparison.Ordinal)
            .Replace("{{grantee}}", TestClients.EmployerA.Organisation, StringComparison.Ordinal))!.AsObject();
        consent["id"] = id;
        return consent;
    }

    // A status outside R4's ConsentState value set: the SDK refuses to read the resource.
    private static JsonObject NotValidR4(string id)
    {
        var consent = Consent(id);
        consent["status"] = "not-a-status";
        return consent;
    }

    internal static JsonObject Bundle(params JsonObject[] resources) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "searchset",
        ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["resource"] = r })]),
    };
}
