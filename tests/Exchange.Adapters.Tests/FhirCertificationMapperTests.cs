using System.Text;
using System.Text.Json.Nodes;
using Exchange.Adapters.Formats.Fhir;
using Exchange.Core.Model;
using Exchange.Core.Validation;
using Exchange.Testing;
using Codes = Exchange.Adapters.Formats.Fhir.FhirCertificationProfile.ProblemCodes;

namespace Exchange.Adapters.Tests;

public sealed class FhirCertificationMapperTests
{
    [Fact]
    public async Task Maps_certification_Observations_to_valid_records()
    {
        var bundle = CertificationObservations.Bundle(
            [CertificationObservations.Observation(0, "2026-03-01T08:00:00Z"), CertificationObservations.Observation(1, "2026-03-01T09:00:00Z", viaPatient: true), CertificationObservations.Patient(1)]);
        var validator = await RecordValidator.CreateShippedAsync(TestTimeout.Token());

        var mapping = FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Equal([FhirEntryDisposition.Mapped, FhirEntryDisposition.Mapped, FhirEntryDisposition.Supporting], mapping.Entries.Select(e => e.Disposition));
        var disability = JsonNode.Parse(mapping.Entries[1].Utf8Json!)!;
        Assert.Equal(("4", "3"), (disability["disabilityCategory"]!.GetValue<string>(), disability["disabilityGrade"]!.GetValue<string>()));
        Assert.Equal("510104200211030371", disability["residentId"]!.GetValue<string>());
        Assert.Equal("51010420021103037143", disability["certificateNumber"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), mapping.Entries[1].LastUpdated);
        foreach (var entry in mapping.Entries.Where(e => e.IsCertification))
        {
            var validation = validator.Validate(RecordKind.Certification, entry.Utf8Json);
            Assert.True(validation.IsValid, string.Join("; ", validation.Problems.Select(p => $"{p.Pointer} {p.Code}")));
        }
    }

    [Fact]
    public void The_specification_searchset_example_gives_a_rejected_entry_per_resource_and_its_next_link()
    {
        var mapping = FhirCertificationMapper.MapBundle(File.ReadAllBytes(IngestHarness.Payload("fhir-r4-bundle-example.json")));

        Assert.Null(mapping.BundleProblem);
        Assert.Equal(new Uri("https://example.com/base/MedicationRequest?patient=347&searchId=ff15fd40-ff71-4b48-b366-09c706bed9d0&page=2"), mapping.Next);
        Assert.Equal(
            [("Bundle.entry[0].resource", Codes.UnsupportedResource), ("Bundle.entry[1].resource", Codes.UnsupportedResource)],
            mapping.Entries.Select(e => (e.Problems.Single().Pointer, e.Problems.Single().Code)));
        Assert.All(mapping.Entries, e => Assert.Equal(FhirEntryDisposition.Rejected, e.Disposition));
    }

    [Fact]
    public void The_specification_glucose_Observation_is_rejected_with_the_elements_that_do_not_fit()
    {
        var observation = JsonNode.Parse(File.ReadAllText(IngestHarness.Payload("fhir-r4-observation-example-f001.json")))!.AsObject();

        var mapping = FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(CertificationObservations.Bundle([observation]).ToJsonString()));

        var entry = Assert.Single(mapping.Entries);
        Assert.Equal(FhirEntryDisposition.Rejected, entry.Disposition);
        Assert.Equal(
            [
                ("Bundle.entry[0].resource.subject", Codes.UnmappedSubject),
                ("Bundle.entry[0].resource.code", Codes.UnmappedCode),
                ("Bundle.entry[0].resource.performer", Codes.UnmappedPerformer),
                ("Bundle.entry[0].resource.extension", Codes.Missing),
            ],
            entry.Problems.Select(p => (p.Pointer, p.Code)));
        Assert.Equal("6323", JsonNode.Parse(entry.Utf8Json!)!["recordId"]!.GetValue<string>());
    }

    [Fact]
    public void A_broken_entry_is_one_problem_and_the_certification_beside_it_is_mapped()
    {
        var broken = new JsonObject { ["resourceType"] = "Observation", ["id"] = "b1", ["status"] = "not-a-status" };
        var bundle = CertificationObservations.Bundle([broken, CertificationObservations.Observation(1, "2026-03-01T08:00:00Z")]);

        var mapping = FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Equal([FhirEntryDisposition.Rejected, FhirEntryDisposition.Mapped], mapping.Entries.Select(e => e.Disposition));
        // Every R4 error is named: the status outside its value set and the code R4 requires.
        Assert.Equal(
            [("Bundle.entry[0].resource.code", Codes.Invalid), ("Bundle.entry[0].resource.status", Codes.Invalid)],
            mapping.Entries[0].Problems.Select(p => (p.Pointer, p.Code)).Order());
    }

    [Fact]
    public void Entries_that_were_dropped_unanswered_are_each_rejected_with_their_own_problem()
    {
        var consent = new JsonObject { ["resourceType"] = "Consent", ["id"] = "c1", ["status"] = "active" };
        var practitioner = new JsonObject { ["resourceType"] = "Practitioner", ["id"] = "d1" };
        var brokenPatient = new JsonObject { ["resourceType"] = "Patient", ["id"] = "p9", ["gender"] = "not-a-gender" };
        var bundle = CertificationObservations.Bundle([consent, practitioner, brokenPatient, CertificationObservations.Observation(0, "2026-03-01T08:00:00Z")]);
        bundle["entry"]!.AsArray().Add(new JsonObject { ["fullUrl"] = "urn:uuid:0b5a43a6-0000-4000-8000-000000000001" });

        var mapping = FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Equal(
            [
                (FhirEntryDisposition.Rejected, "Bundle.entry[0].resource", Codes.UnsupportedResource),
                (FhirEntryDisposition.Rejected, "Bundle.entry[1].resource", Codes.UnsupportedResource),
                (FhirEntryDisposition.Rejected, "Bundle.entry[2].resource.gender", Codes.Invalid),
                (FhirEntryDisposition.Mapped, "", ""),
                (FhirEntryDisposition.Rejected, "Bundle.entry[4]", Codes.Missing),
            ],
            mapping.Entries.Select(e => (e.Disposition, e.Problems.SingleOrDefault()?.Pointer ?? "", e.Problems.SingleOrDefault()?.Code ?? "")));
        Assert.Contains("/v1/records/consent", mapping.Entries[0].Problems.Single().Message, StringComparison.Ordinal);
        Assert.All(mapping.Entries, e => Assert.True(e.IsCertification));
    }

    [Fact]
    public void A_search_outcome_entry_is_the_servers_remark_not_a_rejected_record()
    {
        var bundle = CertificationObservations.Bundle([CertificationObservations.Observation(0, "2026-03-01T08:00:00Z")]);
        bundle["entry"]!.AsArray().Add(new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "OperationOutcome",
                ["issue"] = new JsonArray(new JsonObject { ["severity"] = "warning", ["code"] = "informational" }),
            },
            ["search"] = new JsonObject { ["mode"] = "outcome" },
        });

        var mapping = FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Equal([FhirEntryDisposition.Mapped, FhirEntryDisposition.SearchOutcome], mapping.Entries.Select(e => e.Disposition));
        Assert.False(mapping.Entries[1].IsCertification);
    }

    [Fact]
    public void A_document_that_is_not_a_Bundle_is_a_bundle_problem()
    {
        Assert.Equal(Codes.NotBundle, FhirCertificationMapper.MapBundle("""{"resourceType":"Patient"}"""u8).BundleProblem?.Code);
        Assert.Equal(Codes.Invalid, FhirCertificationMapper.MapBundle("<html/>"u8).BundleProblem?.Code);
    }
}
