using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.Fhir;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Records;

/// <summary>A pushed FHIR Bundle of certifications answers every entry: none is dropped without an outcome.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FhirCertificationBundleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Pushed_Bundle_answers_each_entry_that_is_not_a_certification_instead_of_dropping_it()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var bureau = hub.ClientFor(TestClients.Bureau);
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = new JsonArray(
                Entry(Observation("CERT-GOOD-1", "final")),
                Entry(Observation("CERT-BAD-1", "not-a-status")),
                Entry(new JsonObject { ["resourceType"] = "Consent", ["id"] = "c1", ["status"] = "active" }),
                Entry(new JsonObject { ["resourceType"] = "Practitioner", ["id"] = "d1" }),
                new JsonObject { ["fullUrl"] = "urn:uuid:0b5a43a6-0000-4000-8000-000000000002" }),
        };

        using var response = await bureau.PostAsync("/v1/records/certification",
            new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json"), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>(TestTimeout.Token()))!;
        Assert.Equal((1, 4), ((int)answer["accepted"]!, (int)answer["rejected"]!));
        Assert.Equal(
            [
                ("Bundle.entry[0].resource", "accepted", ""),
                ("Bundle.entry[1].resource", "rejected", FhirCertificationProfile.ProblemCodes.Invalid),
                ("Bundle.entry[2].resource", "rejected", FhirCertificationProfile.ProblemCodes.UnsupportedResource),
                ("Bundle.entry[3].resource", "rejected", FhirCertificationProfile.ProblemCodes.UnsupportedResource),
                ("Bundle.entry[4].resource", "rejected", FhirCertificationProfile.ProblemCodes.Missing),
            ],
            answer["records"]!.AsArray().Select(r => ((string)r!["origin"]!, (string)r["status"]!, (string?)r["problem"]?["problems"]?[0]?["code"] ?? "")));
        // Each rejected entry carries what is wrong with it, not also every field its unmapped record lacks.
        Assert.All(answer["records"]!.AsArray().Skip(1), r => Assert.DoesNotContain(
            r!["problem"]!["problems"]!.AsArray(), p => (string)p!["code"]! == "schema.required"));
    }

    private static JsonObject Entry(JsonObject resource) => new() { ["resource"] = resource };

    private static JsonObject Observation(string id, string status)
    {
        var sample = Samples.Valid("certification");
        return new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = id,
            ["extension"] = new JsonArray(new JsonObject { ["url"] = FhirCertificationProfile.IssuerRegionExtension, ["valueCode"] = (string)sample["issuerRegion"]! }),
            ["status"] = status,
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = FhirCertificationProfile.HardshipTypeSystem, ["code"] = (string)sample["certificationType"]! }) },
            ["subject"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = FhirCertificationProfile.ResidentIdSystem, ["value"] = (string)sample["residentId"]! } },
            ["effectivePeriod"] = new JsonObject { ["start"] = (string)sample["validFrom"]!, ["end"] = (string)sample["validThrough"]! },
            ["performer"] = new JsonArray(new JsonObject
            {
                ["identifier"] = new JsonObject { ["system"] = FhirCertificationProfile.CreditCodeSystem, ["value"] = TestClients.Bureau.Organisation },
                ["display"] = (string)sample["issuerName"]!,
            }),
        };
    }
}
