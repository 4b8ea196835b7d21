namespace Exchange.Access.Consent;

/// <summary>
/// Stable codes for consents that cannot be accepted. Like <see cref="Exchange.Core.Validation.ProblemCodes"/>,
/// a code once published keeps its meaning; docs/access.md lists them.
/// </summary>
public static class ConsentProblemCodes
{
    /// <summary>The resource is not a FHIR R4 Consent in JSON.</summary>
    public const string FhirInvalid = "fhir.invalid";
    /// <summary>A required element is absent.</summary>
    public const string FhirMissing = "fhir.missing";
    /// <summary>The status has no counterpart (draft, proposed, entered-in-error).</summary>
    public const string FhirUnmappedStatus = "fhir.unmapped-status";
    /// <summary>The patient is not named by a resident id or a subject key.</summary>
    public const string FhirUnmappedPatient = "fhir.unmapped-patient";
    /// <summary>The resident id could not be turned into a linkage key.</summary>
    public const string FhirUnlinkablePatient = "fhir.unlinkable-patient";
    /// <summary>A provision denies; the hub records permissions only (default deny covers the rest).</summary>
    public const string FhirDenyProvision = "fhir.deny-provision";
    /// <summary>Nested provisions are not supported.</summary>
    public const string FhirNestedProvision = "fhir.nested-provision";
    /// <summary>A purpose is not one of the hub's purpose codes.</summary>
    public const string FhirUnmappedPurpose = "fhir.unmapped-purpose";
    /// <summary>A class or code is not one of the hub's data categories.</summary>
    public const string FhirUnmappedCategory = "fhir.unmapped-category";
    /// <summary>The actor is not an organisation by credit code nor a party role.</summary>
    public const string FhirUnmappedActor = "fhir.unmapped-actor";
    /// <summary>More than one actor: a grant names exactly one grantee.</summary>
    public const string FhirMultipleActors = "fhir.multiple-actors";
    /// <summary>The action permits nothing that reads data.</summary>
    public const string FhirUnmappedAction = "fhir.unmapped-action";
    /// <summary>An element that would narrow the consent is present; ignoring it would widen what is released.</summary>
    public const string FhirUnsupportedRestriction = "fhir.unsupported-restriction";
    /// <summary>A date is partial or unreadable, or the period is out of order.</summary>
    public const string FhirInvalidPeriod = "fhir.invalid-period";
    /// <summary>A withdrawn consent was sent again as active: a new consent needs a new record.</summary>
    public const string Reactivation = "consent.reactivation";

    /// <summary>A FHIR Consent names its patient by a subject key, not a resident id, on its way in.</summary>
    public const string FhirSubjectKeyNotAccepted = "fhir.subject-key-not-accepted";

    /// <summary>A withdrawal names no consent the hub holds.</summary>
    public const string WithdrawalOfUnknown = "consent.withdrawal-unknown";
}
