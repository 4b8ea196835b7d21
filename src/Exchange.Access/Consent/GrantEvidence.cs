namespace Exchange.Access.Consent;

/// <summary>How a consent was captured.</summary>
/// <param name="Method">Method of capture (code list <c>consent-method</c>).</param>
/// <param name="Reference">Reference to the evidence in the sender's system.</param>
public sealed record GrantEvidence(string Method, string Reference);
