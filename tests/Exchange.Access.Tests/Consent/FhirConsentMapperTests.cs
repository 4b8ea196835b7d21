using System.Runtime.CompilerServices;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Core.Validation;
using static Exchange.Access.Tests.Decisions.PolicyTestData;

namespace Exchange.Access.Tests.Consent;

public sealed class FhirConsentMapperTests
{
    private const string ResidentId = "11010519491231002X";
    private static string? Pseudonymise(string residentId) => residentId == ResidentId ? Subject : null;

    [Fact]
    public void The_published_basic_example_parses_and_every_unmappable_element_is_named()
    {
        var result = FhirConsentMapper.Parse(Example("consent-example-basic.json"), University, Pseudonymise);

        Assert.Null(result.Grant);
        var problems = result.Problems.ToDictionary(p => p.Pointer, p => p.Code);
        Assert.Equal(ConsentProblemCodes.FhirUnmappedPatient, problems["Consent.patient"]);
        Assert.Equal(ConsentProblemCodes.FhirMissing, problems["Consent.provision.type"]);
        Assert.Equal(ConsentProblemCodes.FhirUnmappedPurpose, problems["Consent.provision.purpose[0]"]);
        Assert.Equal(ConsentProblemCodes.FhirUnmappedCategory, problems["Consent.provision.class[0]"]);
        Assert.Equal(ConsentProblemCodes.FhirUnmappedCategory, problems["Consent.provision.code[0]"]);
        Assert.Equal(ConsentProblemCodes.FhirUnmappedActor, problems["Consent.provision.actor[0]"]);
        Assert.Equal(ConsentProblemCodes.FhirNestedProvision, problems["Consent.provision.provision[0]"]);
        Assert.Equal(ConsentProblemCodes.FhirUnsupportedRestriction, problems["Consent.provision.securityLabel"]);
        Assert.Equal(ConsentProblemCodes.FhirUnsupportedRestriction, problems["Consent.provision.data"]);
        Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.MessageZh)));
    }

    [Fact]
    public void The_published_not_org_example_parses_and_its_deny_provision_is_a_problem()
    {
        var result = FhirConsentMapper.Parse(Example("consent-example-notOrg.json"), University, Pseudonymise);

        Assert.Null(result.Grant);
        var problems = result.Problems.ToDictionary(p => p.Pointer, p => p.Code);
        Assert.Equal(ConsentProblemCodes.FhirDenyProvision, problems["Consent.provision.type"]);
        Assert.Equal(ConsentProblemCodes.FhirMissing, problems["Consent.provision.period"]);
        Assert.Equal(ConsentProblemCodes.FhirMissing, problems["Consent.provision.purpose"]);
        Assert.Equal(ConsentProblemCodes.FhirUnmappedActor, problems["Consent.provision.actor[0]"]);
    }

    [Fact]
    public void Our_own_consent_with_a_resident_id_maps_to_a_grant()
    {
        var result = FhirConsentMapper.Parse(OwnExample(), University, Pseudonymise);

        var grant = Assert.IsType<ConsentGrant>(result.Grant);
        Assert.Equal(Subject, grant.SubjectKey);
        Assert.Equal(Grantee.OfOrganisation(EmployerA), grant.Grantee);
        Assert.Equal([Purpose.Matching], grant.Purposes);
        Assert.True(grant.Categories.SetEquals([DataCategory.Education, DataCategory.Contact]));
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2027, 2, 28)), (grant.ValidFrom, grant.ValidThrough));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8)), grant.GivenAt);
        Assert.Equal(("fhir-consent", "Consent/grad-consent-7"), (grant.Evidence.Method, grant.Evidence.Reference));
        Assert.Equal(("grad-consent-7", University), (grant.SourceRecordId, grant.SourceOrganisation));
    }

    [Fact]
    public void A_resident_id_that_cannot_be_linked_is_a_problem_not_a_guess()
    {
        var result = FhirConsentMapper.Parse(OwnExample().Replace(ResidentId, "110105194912310021", StringComparison.Ordinal), University, Pseudonymise);

        Assert.Equal(ConsentProblemCodes.FhirUnlinkablePatient, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void A_purpose_outside_our_code_system_is_named_by_its_index()
    {
        var json = OwnExample().Replace("\"code\": \"matching\"", "\"code\": \"marketing\"", StringComparison.Ordinal);

        var problem = Assert.Single(FhirConsentMapper.Parse(json, University, Pseudonymise).Problems);

        Assert.Equal(("Consent.provision.purpose[0]", ConsentProblemCodes.FhirUnmappedPurpose), (problem.Pointer, problem.Code));
    }

    [Fact]
    public void Mixing_sensitive_and_other_categories_is_rejected()
    {
        var json = OwnExample().Replace("\"code\": \"contact\"", "\"code\": \"disability\"", StringComparison.Ordinal);

        var problem = Assert.Single(FhirConsentMapper.Parse(json, University, Pseudonymise).Problems);

        Assert.Equal(("Consent.provision.class", ProblemCodes.ConsentSensitiveNotSeparate), (problem.Pointer, problem.Code));
    }

    [Fact]
    public void Draft_consents_and_non_json_are_problems()
    {
        Assert.Equal(ConsentProblemCodes.FhirUnmappedStatus,
            Assert.Single(FhirConsentMapper.Parse(OwnExample().Replace("\"active\"", "\"draft\"", StringComparison.Ordinal), University, Pseudonymise).Problems).Code);
        Assert.Equal(ConsentProblemCodes.FhirInvalid, Assert.Single(FhirConsentMapper.Parse("{not json", University, Pseudonymise).Problems).Code);
        Assert.Equal(ConsentProblemCodes.FhirInvalid, Assert.Single(FhirConsentMapper.Parse("""{"resourceType":"Patient"}""", University, Pseudonymise).Problems).Code);
    }

    [Fact]
    public void A_consent_maps_to_the_canonical_record_with_the_resident_id_for_the_door_to_pseudonymise()
    {
        var consent = ParseConsent(OwnExample());

        var (record, problems) = FhirConsentMapper.ToRecord(consent, University);

        Assert.Empty(problems);
        Assert.Equal(ResidentId, record!.ResidentId);
        var grant = FhirConsentMapper.Parse(OwnExample(), University, Pseudonymise).Grant!;
        Assert.Equal((grant.SourceRecordId, grant.Status.Name(), grant.ValidFrom, grant.ValidThrough), (record.RecordId, record.Status, record.ValidFrom, record.ValidThrough));
        Assert.Equal(grant.Purposes.Select(p => p.Name()).Order(StringComparer.Ordinal), record.Purposes);
    }

    [Fact]
    public void A_consent_naming_its_patient_by_a_subject_key_is_not_taken_in()
    {
        var exported = Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education], [Purpose.Matching]).ToFhirJson();
        var consent = ParseConsent(exported);

        var (record, problems) = FhirConsentMapper.ToRecord(consent, University);

        Assert.Null(record);
        Assert.Equal(ConsentProblemCodes.FhirSubjectKeyNotAccepted, Assert.Single(problems).Code);
    }

    [Fact]
    public void The_role_grantee_documented_in_fhir_md_is_valid_R4_and_maps_to_every_organisation_of_the_role()
    {
        var documented = DocumentedRoleGrantee();

        var result = FhirConsentMapper.Parse(documented, University, Pseudonymise);

        Assert.Empty(result.Problems);
        Assert.Equal(Grantee.OfRole(PartyRole.Employer), result.Grant!.Grantee);
    }

    [Fact]
    public void A_role_grantee_without_an_actor_reference_is_not_valid_R4()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(DocumentedRoleGrantee())!;
        json["provision"]!["actor"]![0]!.AsObject().Remove("reference");

        var problem = Assert.Single(FhirConsentMapper.Parse(json.ToJsonString(), University, Pseudonymise).Problems);

        Assert.Equal(ConsentProblemCodes.FhirInvalid, problem.Code);
        Assert.Contains("Consent.provision.actor[0].reference", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_grantee_whose_reference_names_one_organisation_is_refused_rather_than_widened_to_the_role()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(DocumentedRoleGrantee())!;
        json["provision"]!["actor"]![0]!["reference"] = new System.Text.Json.Nodes.JsonObject
        {
            ["identifier"] = new System.Text.Json.Nodes.JsonObject { ["system"] = FhirConsentSystems.CreditCode, ["value"] = EmployerA },
        };

        var problem = Assert.Single(FhirConsentMapper.Parse(json.ToJsonString(), University, Pseudonymise).Problems);

        Assert.Equal(("Consent.provision.actor[0].reference", ConsentProblemCodes.FhirUnmappedActor), (problem.Pointer, problem.Code));
    }

    // The example under "A grantee by role" in docs/fhir.md, as a sender would copy it.
    private static string DocumentedRoleGrantee([CallerFilePath] string here = "")
    {
        var doc = File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "fhir.md"));
        var section = doc[doc.IndexOf("### A grantee by role", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)].Replace("{{residentId}}", ResidentId, StringComparison.Ordinal);
    }

    private static Hl7.Fhir.Model.Consent ParseConsent(string json) =>
        (Hl7.Fhir.Model.Consent)System.Text.Json.JsonSerializer.Deserialize<Hl7.Fhir.Model.Resource>(json, FhirConsentMapper.JsonOptions)!;

    public static TheoryData<string> Grants() => ["active-organisation", "withdrawn-role", "sensitive"];

    [Theory]
    [MemberData(nameof(Grants))]
    public void A_grant_round_trips_through_fhir(string which)
    {
        var grant = which switch
        {
            "active-organisation" => Grant(Grantee.OfOrganisation(EmployerA), [DataCategory.Education, DataCategory.Identity], [Purpose.Matching, Purpose.ServiceDelivery],
                givenAt: new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(8))),
            "withdrawn-role" => Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Outcomes], [Purpose.Statistics], withdrawnAt: Now),
            _ => Grant(Grantee.OfRole(PartyRole.Bureau), [DataCategory.Hardship, DataCategory.Disability], [Purpose.ServiceDelivery]),
        };

        var back = FhirConsentMapper.Parse(grant.ToFhirJson(), grant.SourceOrganisation, _ => null);

        Assert.Empty(back.Problems);
        var parsed = back.Grant!;
        Assert.Equal(grant with { Purposes = parsed.Purposes, Categories = parsed.Categories }, parsed);
        Assert.True(parsed.Purposes.SetEquals(grant.Purposes));
        Assert.True(parsed.Categories.SetEquals(grant.Categories));
    }

    private static string Example(string name, [CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Fhir", name));

    // The hub's own example: every element in a system the mapper documents.
    private static string OwnExample() => $$"""
        {
          "resourceType": "Consent",
          "id": "grad-consent-7",
          "status": "active",
          "scope": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy" } ] },
          "category": [ { "coding": [ { "system": "http://loinc.org", "code": "59284-0" } ] } ],
          "patient": { "identifier": { "system": "urn:oid:2.16.156.10011.1.1", "value": "{{ResidentId}}" } },
          "dateTime": "2026-03-01T09:30:00+08:00",
          "provision": {
            "type": "permit",
            "period": { "start": "2026-03-01", "end": "2027-02-28" },
            "actor": [ {
              "role": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "PRCP" } ] },
              "reference": { "identifier": { "system": "https://graduate-exchange.org/fhir/NamingSystem/uscc", "value": "{{EmployerA}}" } }
            } ],
            "action": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "access" } ] } ],
            "purpose": [ { "system": "https://graduate-exchange.org/fhir/CodeSystem/purpose", "code": "matching" } ],
            "class": [
              { "system": "https://graduate-exchange.org/fhir/CodeSystem/data-category", "code": "education" },
              { "system": "https://graduate-exchange.org/fhir/CodeSystem/data-category", "code": "contact" }
            ]
          }
        }
        """;
}
