using System.Globalization;
using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace Exchange.Access.Consent;

/// <summary>
/// Writes a grant as a FHIR R4 Consent that <see cref="FhirConsentMapper"/> reads back to the
/// same grant. The subject is named by linkage key, never by resident id: the hub does not hold one.
/// </summary>
public static class FhirConsentExport
{
    /// <summary>The grant as a FHIR Consent.</summary>
    public static FhirConsent ToFhir(this ConsentGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var consent = new FhirConsent
        {
            Id = grant.SourceRecordId,
            Status = grant.Status == ConsentStatus.Active ? FhirConsent.ConsentState.Active : FhirConsent.ConsentState.Inactive,
            Scope = new CodeableConcept(FhirConsentSystems.ConsentScope, "patient-privacy"),
            Category = [new CodeableConcept(FhirConsentSystems.Loinc, "59284-0")],
            Patient = new ResourceReference { Identifier = new Identifier(FhirConsentSystems.SubjectKey, grant.SubjectKey) },
            DateTime = Instant(grant.GivenAt),
            Organization = [new ResourceReference { Identifier = new Identifier(FhirConsentSystems.CreditCode, grant.SourceOrganisation) }],
            Provision = new FhirConsent.provisionComponent
            {
                Type = FhirConsent.ConsentProvisionType.Permit,
                Period = new Period(
                    new FhirDateTime(grant.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new FhirDateTime(grant.ValidThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                Actor = [Actor(grant.Grantee)],
                Action = [new CodeableConcept(FhirConsentSystems.ConsentAction, "access")],
                Purpose = [.. grant.Purposes.Order().Select(p => new Coding(FhirConsentSystems.Purpose, p.Name()))],
                Class = [.. grant.Categories.Order().Select(c => new Coding(FhirConsentSystems.DataCategory, c.Name()))],
            },
        };

        var evidence = new Extension { Url = FhirConsentSystems.EvidenceExtension };
        evidence.Extension.Add(new Extension("method", new Code(grant.Evidence.Method)));
        evidence.Extension.Add(new Extension("reference", new FhirString(grant.Evidence.Reference)));
        consent.Extension.Add(evidence);
        if (grant.WithdrawnAt is { } withdrawnAt)
        {
            consent.Extension.Add(new Extension(FhirConsentSystems.WithdrawnAtExtension, new FhirDateTime(Instant(withdrawnAt))));
        }

        return consent;
    }

    /// <summary>The grant as FHIR JSON.</summary>
    public static string ToFhirJson(this ConsentGrant grant) => JsonSerializer.Serialize<Resource>(grant.ToFhir(), FhirConsentMapper.JsonOptions);

    private static FhirConsent.provisionActorComponent Actor(Grantee grantee) => grantee.Role is { } role
        ? new FhirConsent.provisionActorComponent
        {
            Role = new CodeableConcept(FhirConsentSystems.PartyRole, role.Name()),
            Reference = new ResourceReference { Display = $"every {role.Name()}" },
        }
        : new FhirConsent.provisionActorComponent
        {
            Role = new CodeableConcept(FhirConsentSystems.ParticipationType, FhirConsentSystems.RecipientRole),
            Reference = new ResourceReference { Identifier = new Identifier(FhirConsentSystems.CreditCode, grantee.Organisation) },
        };

    private static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
