using Exchange.Core.Validation;

namespace Exchange.Access.Consent;

/// <summary>
/// The result of mapping a FHIR Consent: a grant, or problems whose pointers are FHIR element
/// paths (e.g. <c>Consent.provision.purpose[0]</c>).
/// </summary>
/// <param name="Grant">The grant, when nothing stood in the way.</param>
/// <param name="Problems">Everything that could not be mapped; empty on success.</param>
public sealed record FhirConsentMapping(ConsentGrant? Grant, IReadOnlyList<Problem> Problems)
{
    /// <summary>True when a grant was built.</summary>
    public bool IsSuccess => Grant is not null;
}
