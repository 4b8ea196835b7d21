using Exchange.Access.Agreements;

namespace Exchange.Access.Consent;

/// <summary>
/// One entry of the consent outbox: a change subscribers must act on. For <c>withdrawn</c>, every
/// grantee the consent named must forget what it received under it.
/// </summary>
/// <param name="Sequence">Position in the outbox; the change feed resumes after the last one it read.</param>
/// <param name="SubjectKey">The subject's linkage key (the feed turns it into each subscriber's handle).</param>
/// <param name="Grantee">The grantee the consent named.</param>
/// <param name="Kind">What happened; today only <c>withdrawn</c>.</param>
/// <param name="At">When it took effect.</param>
/// <param name="SourceOrganisation">The consent's sender.</param>
/// <param name="SourceRecordId">The consent's record id at the sender.</param>
public sealed record ConsentChange(long Sequence, string SubjectKey, Grantee Grantee, string Kind, DateTimeOffset At, string SourceOrganisation, string SourceRecordId)
{
    /// <summary>The kind written when a consent is withdrawn.</summary>
    public const string Withdrawn = "withdrawn";
}
