namespace Exchange.Access.Consent;

/// <summary>
/// The code systems and identifier systems a FHIR R4 Consent uses to speak the hub's language.
/// A resource that names anything else in these places comes back with a problem, not a guess.
/// </summary>
public static class FhirConsentSystems
{
    /// <summary>Resident id (GB 11643) as an identifier system: the OID form.</summary>
    public const string ResidentIdOid = "urn:oid:2.16.156.10011.1.1";

    /// <summary>Resident id (GB 11643) as an identifier system: the hub's URI form.</summary>
    public const string ResidentId = "https://graduate-exchange.org/fhir/NamingSystem/resident-id";

    /// <summary>
    /// The hub's linkage key as an identifier system. Exported consents name the subject this way
    /// (the hub holds no resident id), and re-importing one names the same subject.
    /// </summary>
    public const string SubjectKey = "https://graduate-exchange.org/fhir/NamingSystem/subject-key";

    /// <summary>Unified social credit code (GB 32100) as an identifier system, for organisations.</summary>
    public const string CreditCode = "https://graduate-exchange.org/fhir/NamingSystem/uscc";

    /// <summary>Purpose codes (code list <c>purpose</c>) in <c>Consent.provision.purpose</c>.</summary>
    public const string Purpose = "https://graduate-exchange.org/fhir/CodeSystem/purpose";

    /// <summary>Data category codes (code list <c>data-category</c>) in <c>Consent.provision.class</c> or <c>.code</c>.</summary>
    public const string DataCategory = "https://graduate-exchange.org/fhir/CodeSystem/data-category";

    /// <summary>Party roles (code list <c>party-role</c>) in <c>Consent.provision.actor.role</c>, for a grantee that is every organisation of a role.</summary>
    public const string PartyRole = "https://graduate-exchange.org/fhir/CodeSystem/party-role";

    /// <summary>HL7 v3 participation types; <c>PRCP</c> (primary information recipient) marks an organisation grantee.</summary>
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    /// <summary>The recipient role code.</summary>
    public const string RecipientRole = "PRCP";

    /// <summary>FHIR consent actions.</summary>
    public const string ConsentAction = "http://terminology.hl7.org/CodeSystem/consentaction";

    /// <summary>FHIR consent scopes.</summary>
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";

    /// <summary>LOINC, for the consent category (59284-0, consent document).</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>Extension carrying the evidence: sub-extensions <c>method</c> (valueCode) and <c>reference</c> (valueString).</summary>
    public const string EvidenceExtension = "https://graduate-exchange.org/fhir/StructureDefinition/consent-evidence";

    /// <summary>Extension carrying the withdrawal instant (valueDateTime) of an inactive consent.</summary>
    public const string WithdrawnAtExtension = "https://graduate-exchange.org/fhir/StructureDefinition/withdrawn-at";

    /// <summary>The evidence method recorded for a consent that arrived as FHIR without an evidence extension (code list <c>consent-method</c>).</summary>
    public const string FhirEvidenceMethod = "fhir-consent";
}
