using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

[Collection(PostgresCollection.Name)]
public sealed class ConsentPushTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Pushed_consent_record_reaches_the_consent_store_at_once()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        using var steward = hub.ClientFor(TestClients.Steward);
        var consent = Samples.Valid("consent");
        var subjectKey = hub.Services.GetRequiredService<LinkageKeys>().KeyFor((string)consent["residentId"]!)!;
        // Only the subject's own institution records the subject's consent: it sends the graduate first.
        await Security.ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.Valid("graduate"), expectAccepted: true);

        var answer = await (await university.PostAsync("/v1/records/consent",
            new StringContent("[" + consent.ToJsonString() + "]", Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(1, (int)answer!["accepted"]!);
        var stored = await steward.GetFromJsonAsync<JsonArray>($"/v1/steward/consents?subject={subjectKey}");
        Assert.Contains(stored!, c => (string)c!["sourceRecordId"]! == (string)consent["recordId"]!
            && (string)c["sourceOrganisation"]! == TestClients.UniversityA.Organisation);
    }

    [Fact]
    public async Task FHIR_Bundle_of_consents_is_mapped_entry_by_entry()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var university = hub.ClientFor(TestClients.UniversityA);
        await Security.ConsentWriteMatrixTests.PushAsync(university, "graduate", Samples.Valid("graduate"), expectAccepted: true);
        var consent = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Steward", "consent.fhir.json"))
            .Replace("{{residentId}}", "410102200304120222", StringComparison.Ordinal)
            .Replace("{{grantee}}", TestClients.EmployerA.Organisation, StringComparison.Ordinal))!;
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = new JsonArray(
                new JsonObject { ["resource"] = consent },
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "p1" } }),
        };

        var response = await university.PostAsync("/v1/records/consent", new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json"));
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(1, (int)answer!["accepted"]!);
        Assert.Equal(1, (int)answer["rejected"]!);
        Assert.Equal("fhir.unmapped-resource", (string)answer["records"]![1]!["problem"]!["problems"]![0]!["code"]!);
    }
}
