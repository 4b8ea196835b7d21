using Exchange.Access.Clients;

namespace Exchange.Access.Agreements;

/// <summary>One row of the <c>agreement</c> table, as Dapper reads and writes it.</summary>
internal sealed class AgreementRow
{
    public const string Columns = """
        id as Id, version as Version, provider_organisation as ProviderOrganisation,
        grantee_organisation as GranteeOrganisation, grantee_role as GranteeRole,
        categories as Categories, purposes as Purposes, valid_from as ValidFrom, valid_through as ValidThrough,
        legal_basis as LegalBasis, on_withdrawal as OnWithdrawal, legal_basis_type as LegalBasisType, recorded_at as RecordedAt, recorded_by as RecordedBy, status as Status
        """;

    public Guid Id { get; set; }
    public int Version { get; set; }
    public string? ProviderOrganisation { get; set; }
    public string? GranteeOrganisation { get; set; }
    public string? GranteeRole { get; set; }
    public string[] Categories { get; set; } = [];
    public string[] Purposes { get; set; } = [];
    public DateTime ValidFrom { get; set; }
    public DateTime ValidThrough { get; set; }
    public string LegalBasis { get; set; } = "";
    public string OnWithdrawal { get; set; } = "";
    public string LegalBasisType { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public string Status { get; set; } = "";

    public static AgreementRow From(DataSharingAgreement agreement) => new()
    {
        Id = agreement.Id,
        Version = agreement.Version,
        ProviderOrganisation = agreement.Terms.ProviderOrganisation,
        GranteeOrganisation = agreement.Terms.Grantee.Organisation,
        GranteeRole = agreement.Terms.Grantee.Role?.Name(),
        Categories = [.. agreement.Terms.Categories.Order().Select(c => c.Name())],
        Purposes = [.. agreement.Terms.Purposes.Order().Select(p => p.Name())],
        ValidFrom = agreement.Terms.ValidFrom.ToDateTime(TimeOnly.MinValue),
        ValidThrough = agreement.Terms.ValidThrough.ToDateTime(TimeOnly.MinValue),
        LegalBasis = agreement.Terms.LegalBasis,
        OnWithdrawal = agreement.Terms.OnWithdrawal.Name(),
        LegalBasisType = agreement.Terms.LegalBasisType.Name(),
        RecordedAt = agreement.RecordedAt.UtcDateTime,
        RecordedBy = agreement.RecordedBy,
        Status = agreement.Status.Name(),
    };

    public DataSharingAgreement ToAgreement() => new(
        Id,
        Version,
        new AgreementTerms(
            ProviderOrganisation,
            GranteeRole is null ? Grantee.OfOrganisation(GranteeOrganisation!) : Grantee.OfRole(ParseRole(GranteeRole)),
            Categories.Select(ParseCategory).ToHashSet(),
            Purposes.Select(ParsePurpose).ToHashSet(),
            DateOnly.FromDateTime(ValidFrom),
            DateOnly.FromDateTime(ValidThrough),
            LegalBasis,
            ParseWithdrawalTerm(OnWithdrawal),
            ParseLegalBasisType(LegalBasisType)),
        new DateTimeOffset(DateTime.SpecifyKind(RecordedAt, DateTimeKind.Utc)),
        RecordedBy,
        AgreementStatuses.Parse(Status));

    // The table's check constraints and the writer keep codes valid; an unknown one means the
    // database was edited by hand, which is a broken invariant, not a bad request.
    internal static WithdrawalTerm ParseWithdrawalTerm(string name) =>
        WithdrawalTerms.TryParse(name, out var term) ? term : throw new FormatException($"Unknown withdrawal term '{name}'.");

    internal static LegalBasisType ParseLegalBasisType(string name) =>
        LegalBasisTypes.TryParse(name, out var type) ? type : throw new FormatException($"Unknown legal basis type '{name}'.");

    internal static PartyRole ParseRole(string name) =>
        PartyRoles.TryParse(name, out var role) ? role : throw new FormatException($"Unknown role '{name}'.");

    internal static DataCategory ParseCategory(string name) =>
        DataCategories.TryParseCategory(name, out var category) ? category : throw new FormatException($"Unknown data category '{name}'.");

    internal static Purpose ParsePurpose(string name) =>
        DataCategories.TryParsePurpose(name, out var purpose) ? purpose : throw new FormatException($"Unknown purpose '{name}'.");
}
