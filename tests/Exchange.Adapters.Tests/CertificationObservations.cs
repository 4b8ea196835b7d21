using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.Fhir;

namespace Exchange.Adapters.Tests;

/// <summary>The certification samples written as Observations of the hub's FHIR profile.</summary>
internal static class CertificationObservations
{
    /// <summary>The sample certification at <paramref name="index"/> as an Observation; <paramref name="viaPatient"/> names the subject through a Patient entry.</summary>
    public static JsonObject Observation(int index, string lastUpdated, bool viaPatient = false)
    {
        var c = JsonNode.Parse(IngestHarness.Sample("certification.valid.json")[index])!.AsObject();
        var components = new JsonArray();
        foreach (var (name, field) in new[] { ("disability-category", "disabilityCategory"), ("disability-grade", "disabilityGrade") })
        {
            if (c[field] is { } value)
            {
                components.Add(new JsonObject
                {
                    ["code"] = Coding(FhirCertificationProfile.ComponentSystem, name),
                    ["valueCodeableConcept"] = Coding("https://graduate-exchange.org/fhir/CodeSystem/" + name, value.GetValue<string>()),
                });
            }
        }
        var identifiers = new JsonArray { new JsonObject { ["system"] = "https://bureau.example.gov.cn/certifications", ["value"] = c["recordId"]!.GetValue<string>() } };
        if (c["certificateNumber"] is { } number)
            identifiers.Add(new JsonObject { ["system"] = FhirCertificationProfile.CertificateNumberSystem, ["value"] = number.GetValue<string>() });
        var observation = new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = "cert-" + index,
            ["meta"] = new JsonObject { ["lastUpdated"] = lastUpdated },
            ["extension"] = new JsonArray { new JsonObject { ["url"] = FhirCertificationProfile.IssuerRegionExtension, ["valueCode"] = c["issuerRegion"]!.GetValue<string>() } },
            ["identifier"] = identifiers,
            ["status"] = c["status"]!.GetValue<string>() == "active" ? "final" : "cancelled",
            ["code"] = Coding(FhirCertificationProfile.HardshipTypeSystem, c["certificationType"]!.GetValue<string>()),
            ["subject"] = viaPatient
                ? new JsonObject { ["reference"] = "Patient/p" + index }
                : new JsonObject { ["identifier"] = new JsonObject { ["system"] = FhirCertificationProfile.ResidentIdSystem, ["value"] = c["residentId"]!.GetValue<string>() } },
            ["effectivePeriod"] = new JsonObject { ["start"] = c["validFrom"]!.GetValue<string>() },
            ["performer"] = new JsonArray
            {
                new JsonObject
                {
                    ["identifier"] = new JsonObject { ["system"] = FhirCertificationProfile.CreditCodeSystem, ["value"] = c["issuerCreditCode"]!.GetValue<string>() },
                    ["display"] = c["issuerName"]!.GetValue<string>(),
                },
            },
        };
        if (c["validThrough"] is { } end)
            observation["effectivePeriod"]!["end"] = end.GetValue<string>();
        if (components.Count > 0)
            observation["component"] = components;
        return observation;
    }

    public static JsonObject Patient(int index) => new()
    {
        ["resourceType"] = "Patient",
        ["id"] = "p" + index,
        ["identifier"] = new JsonArray
        {
            new JsonObject
            {
                ["system"] = FhirCertificationProfile.ResidentIdSystem,
                ["value"] = JsonNode.Parse(IngestHarness.Sample("certification.valid.json")[index])!["residentId"]!.GetValue<string>(),
            },
        },
    };

    public static JsonObject Bundle(IEnumerable<JsonObject> resources, string? next = null, string baseUrl = "https://fhir.example.gov.cn/r4/")
    {
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode?)new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}{r["resourceType"]}/{r["id"]}",
                ["resource"] = r,
                ["search"] = new JsonObject { ["mode"] = "match" },
            })]),
        };
        if (next is not null)
            bundle["link"] = new JsonArray { new JsonObject { ["relation"] = "next", ["url"] = next } };
        return bundle;
    }

    private static JsonObject Coding(string system, string code) =>
        new() { ["coding"] = new JsonArray { new JsonObject { ["system"] = system, ["code"] = code } } };
}
