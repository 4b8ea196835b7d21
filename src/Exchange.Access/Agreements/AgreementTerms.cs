namespace Exchange.Access.Agreements;

/// <summary>What a steward writes into a version of a data-sharing agreement.</summary>
/// <param name="ProviderOrganisation">Whose data (credit code); null = any provider's.</param>
/// <param name="Grantee">Who receives it.</param>
/// <param name="Categories">Data categories released.</param>
/// <param name="Purposes">Purposes the data may be used for.</param>
/// <param name="ValidFrom">First day the agreement holds.</param>
/// <param name="ValidThrough">Last day the agreement holds.</param>
/// <param name="LegalBasis">The legal basis, in words (e.g. the provincial department's approval and its number).</param>
/// <param name="OnWithdrawal">What happens to the sensitive data shared when a subject withdraws consent.</param>
/// <param name="LegalBasisType">The kind of basis: consent, or a statutory duty of the grantee, which lets aggregate statistics count subjects without their consent.</param>
public sealed record AgreementTerms(
    string? ProviderOrganisation,
    Grantee Grantee,
    IReadOnlySet<DataCategory> Categories,
    IReadOnlySet<Purpose> Purposes,
    DateOnly ValidFrom,
    DateOnly ValidThrough,
    string LegalBasis,
    WithdrawalTerm OnWithdrawal = WithdrawalTerm.Retain,
    LegalBasisType LegalBasisType = LegalBasisType.Consent)
{
    /// <summary>Why these terms cannot be recorded, or null when they can.</summary>
    public string? Invalidity()
    {
        if ((Grantee.Organisation is null) == (Grantee.Role is null))
        {
            return "The grantee is either one organisation or one role.";
        }

        if (Categories.Count == 0 || Purposes.Count == 0)
        {
            return "An agreement names at least one category and one purpose.";
        }

        if (ValidThrough < ValidFrom)
        {
            return "validThrough is before validFrom.";
        }

        return string.IsNullOrWhiteSpace(LegalBasis) ? "The legal basis is required." : null;
    }
}
