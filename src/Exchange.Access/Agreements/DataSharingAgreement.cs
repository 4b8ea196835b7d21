using Exchange.Access.Clients;

namespace Exchange.Access.Agreements;

/// <summary>
/// One version of a data-sharing agreement between organisations. Versions are never edited:
/// a change, including revocation, is a new version, so the history shows what held when.
/// </summary>
/// <param name="Id">The agreement's id, shared by all its versions.</param>
/// <param name="Version">1 for the first version, then 2, 3…</param>
/// <param name="Terms">What this version says.</param>
/// <param name="RecordedAt">When this version was recorded; it governs reads from this instant on.</param>
/// <param name="RecordedBy">The steward client that recorded it.</param>
/// <param name="Status">Active, or revoked from this version on.</param>
public sealed record DataSharingAgreement(
    Guid Id,
    int Version,
    AgreementTerms Terms,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    AgreementStatus Status)
{
    /// <summary>True when this version is active and <paramref name="at"/> falls in its validity period.</summary>
    public bool IsValidAt(DateTimeOffset at)
    {
        var day = PolicyCalendar.DayOf(at);
        return Status == AgreementStatus.Active && day >= Terms.ValidFrom && day <= Terms.ValidThrough;
    }

    /// <summary>True when the terms name the caller, the category and the purpose (whatever the time and status).</summary>
    public bool Covers(ClientIdentity caller, DataCategory category, Purpose purpose) =>
        Terms.Grantee.Covers(caller) && Terms.Categories.Contains(category) && Terms.Purposes.Contains(purpose);
}
