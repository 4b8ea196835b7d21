namespace Exchange.Access.Requests;

/// <summary>What a graduate asks of the hub about their data.</summary>
public enum SubjectRequestKind
{
    /// <summary>Correct a record or a field (PIPL art. 46).</summary>
    Correction,
    /// <summary>Delete a record, or everything the hub holds (PIPL art. 47).</summary>
    Deletion,
}

/// <summary>Which record a request is about: its kind, its sender and the sender's record id.</summary>
public sealed record RecordReference(string Kind, string SourceOrganisation, string SourceRecordId);

/// <summary>
/// A graduate's request to correct or delete, as the store holds it: the subject by linkage key
/// only, the record it is about (null for everything), what is wrong or why, how to answer, and
/// whether a steward has handled it.
/// </summary>
public sealed record SubjectRequest(
    Guid Id,
    string SubjectKey,
    string VouchedByClient,
    string VouchedByOrganisation,
    SubjectRequestKind Kind,
    RecordReference? Record,
    string? Field,
    string Details,
    string Contact,
    string? ContactDetail,
    DateTimeOffset CreatedAt,
    bool IsOpen,
    DateTimeOffset? HandledAt,
    string? HandledBy,
    string? HandlerNote);
