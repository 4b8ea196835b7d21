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
    public void The_specification_searchset_example_gives_a_problem_per_entry_and_its_next_link()
    {
        var mapping = FhirCertificationMapper.MapBundle(File.ReadAllBytes(IngestHarness.Payload("fhir-r4-bundle-example.json")));

        Assert.Null(mapping.BundleProblem);
        Assert.Equal(new Uri("https://example.com/base/MedicationRequest?patient=347&searchId=ff15fd40-ff71-4b48-b366-09c706bed9d0&page=2"), mapping.Next);
        Assert.Equal(
            [("Bundle.entry[0].resource", Codes.UnsupportedResource), ("Bundle.entry[1].resource", Codes.UnsupportedResource)],
            mapping.Entries.Select(e => (e.Problems.Single().Pointer, e.Problems.Single().Code)));
        Assert.All(mapping.Entries, e => Assert.False(e.IsCertification));
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
    public void Consent_entries_are_left_for_the_access_layer_and_a_broken_entry_is_one_problem()
    {
        var consent = new JsonObject { ["resourceType"] = "Consent", ["id"] = "c1", ["status"] = "active" };
        var broken = new JsonObject { ["resourceType"] = "Observation", ["id"] = "b1", ["status"] = "not-a-status" };
        var bundle = CertificationObservations.Bundle([consent, broken, CertificationObservations.Observation(2, "2026-03-01T08:00:00Z")]);

        var mapping = FhirCertificationMapper.MapBundle(Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Equal([FhirEntryDisposition.NotHandled, FhirEntryDisposition.Rejected, FhirEntryDisposition.Mapped], mapping.Entries.Select(e => e.Disposition));
        Assert.Equal(Codes.Invalid, mapping.Entries[1].Problems.Single().Code);
    }

    [Fact]
    public void A_document_that_is_not_a_Bundle_is_a_bundle_problem()
    {
        Assert.Equal(Codes.NotBundle, FhirCertificationMapper.MapBundle("""{"resourceType":"Patient"}"""u8).BundleProblem?.Code);
        Assert.Equal(Codes.Invalid, FhirCertificationMapper.MapBundle("<html/>"u8).BundleProblem?.Code);
    }
}
