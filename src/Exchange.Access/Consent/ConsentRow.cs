using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Consent;

/// <summary>One row of the <c>consent</c> table, as Dapper reads and writes it (and, with its number, of <c>consent_version</c>).</summary>
internal class ConsentRow
{
    public const string Columns = """
        source_organisation as SourceOrganisation, source_record_id as SourceRecordId, subject_key as SubjectKey,
        grantee_organisation as GranteeOrganisation, grantee_role as GranteeRole, purposes as Purposes, categories as Categories,
        valid_from as ValidFrom, valid_through as ValidThrough, status as Status, given_at as GivenAt, withdrawn_at as WithdrawnAt,
        evidence_method as EvidenceMethod, evidence_reference as EvidenceReference
        """;

    public string SourceOrganisation { get; set; } = "";
    public string SourceRecordId { get; set; } = "";
    public string SubjectKey { get; set; } = "";
    public string? GranteeOrganisation { get; set; }
    public string? GranteeRole { get; set; }
    public string[] Purposes { get; set; } = [];
    public string[] Categories { get; set; } = [];
    public DateTime ValidFrom { get; set; }
    public DateTime ValidThrough { get; set; }
    public string Status { get; set; } = "";
    public DateTime GivenAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string EvidenceMethod { get; set; } = "";
    public string EvidenceReference { get; set; } = "";
    public DateTime UpdatedAt { get; set; }

    public static ConsentRow From(ConsentGrant grant) => new()
    {
        SourceOrganisation = grant.SourceOrganisation,
        SourceRecordId = grant.SourceRecordId,
        SubjectKey = grant.SubjectKey,
        GranteeOrganisation = grant.Grantee.Organisation,
        GranteeRole = grant.Grantee.Role?.Name(),
        Purposes = [.. grant.Purposes.Order().Select(p => p.Name())],
        Categories = [.. grant.Categories.Order().Select(c => c.Name())],
        ValidFrom = grant.ValidFrom.ToDateTime(TimeOnly.MinValue),
        ValidThrough = grant.ValidThrough.ToDateTime(TimeOnly.MinValue),
        Status = grant.Status.Name(),
        GivenAt = DatabaseTime.Truncate(grant.GivenAt).UtcDateTime,
        WithdrawnAt = grant.WithdrawnAt is { } withdrawn ? DatabaseTime.Truncate(withdrawn).UtcDateTime : null,
        EvidenceMethod = grant.Evidence.Method,
        EvidenceReference = grant.Evidence.Reference,
    };

    /// <summary>True when both rows say the same thing; re-sending a consent must change nothing.</summary>
    public bool SameContentAs(ConsentRow other) =>
        SubjectKey == other.SubjectKey && GranteeOrganisation == other.GranteeOrganisation && GranteeRole == other.GranteeRole
        && Purposes.SequenceEqual(other.Purposes) && Categories.SequenceEqual(other.Categories)
        && ValidFrom == other.ValidFrom && ValidThrough == other.ValidThrough && Status == other.Status
        && GivenAt == other.GivenAt && WithdrawnAt == other.WithdrawnAt
        && EvidenceMethod == other.EvidenceMethod && EvidenceReference == other.EvidenceReference;

    public ConsentGrant ToGrant() => new(
        SubjectKey,
        GranteeRole is null ? Grantee.OfOrganisation(GranteeOrganisation!) : Grantee.OfRole(AgreementRow.ParseRole(GranteeRole)),
        Purposes.Select(AgreementRow.ParsePurpose).ToHashSet(),
        Categories.Select(AgreementRow.ParseCategory).ToHashSet(),
        DateOnly.FromDateTime(ValidFrom),
        DateOnly.FromDateTime(ValidThrough),
        ConsentStatuses.TryParse(Status, out var status) ? status : throw new FormatException($"Unknown consent status '{Status}'."),
        Utc(GivenAt),
        WithdrawnAt is { } withdrawn ? Utc(withdrawn) : null,
        new GrantEvidence(EvidenceMethod, EvidenceReference),
        SourceRecordId,
        SourceOrganisation);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
