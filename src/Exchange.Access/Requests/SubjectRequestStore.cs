using Dapper;
using Exchange.Access.Agreements;
using Exchange.Core.Identifiers;
using Npgsql;

namespace Exchange.Access.Requests;

/// <summary>
/// Graduates' requests to correct or delete, in PostgreSQL. Written from the graduate's pages and
/// the stewards' — a request is not a record of the exchange, so it does not go through the log.
/// Free text is scrubbed of resident ids before it is stored.
/// </summary>
public sealed class SubjectRequestStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>The contact preferences a request may name.</summary>
    public static readonly string[] Contacts = ["university", "email", "phone"];

    private const string Columns = """
        id as Id, subject_key as SubjectKey, vouched_by_client as VouchedByClient, vouched_by_organisation as VouchedByOrganisation,
        kind as Kind, record_kind as RecordKind, record_source_organisation as RecordSourceOrganisation, record_source_id as RecordSourceId,
        field as Field, details as Details, contact as Contact, contact_detail as ContactDetail, created_at as CreatedAt, status as Status,
        handled_at as HandledAt, handled_by as HandledBy, handler_note as HandlerNote
        """;

    private const string InsertSql = """
        insert into subject_request (id, subject_key, vouched_by_client, vouched_by_organisation, kind, record_kind, record_source_organisation,
                                     record_source_id, field, details, contact, contact_detail, created_at, status)
        values (@Id, @SubjectKey, @VouchedByClient, @VouchedByOrganisation, @Kind, @RecordKind, @RecordSourceOrganisation,
                @RecordSourceId, @Field, @Details, @Contact, @ContactDetail, @CreatedAt, 'open')
        """;

    private const string BySubjectSql = $"select {Columns} from subject_request where subject_key = @SubjectKey order by created_at desc, id";

    private const string OpenSql = $"select {Columns} from subject_request where status = 'open' order by created_at, id";

    private const string FindSql = $"select {Columns} from subject_request where id = @Id";

    private const string HandleSql = $"""
        update subject_request set status = 'handled', handled_at = @At, handled_by = @By, handler_note = @Note
        where id = @Id and status = 'open'
        returning {Columns}
        """;

    /// <summary>Stores a new open request; returns it as stored.</summary>
    public async Task<SubjectRequest> CreateAsync(string subjectKey, string vouchedByClient, string vouchedByOrganisation, SubjectRequestKind kind,
        RecordReference? record, string? field, string details, string contact, string? contactDetail, CancellationToken cancellationToken)
    {
        var row = new Row
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            SubjectKey = subjectKey,
            VouchedByClient = vouchedByClient,
            VouchedByOrganisation = vouchedByOrganisation,
            Kind = kind == SubjectRequestKind.Deletion ? "deletion" : "correction",
            RecordKind = record?.Kind,
            RecordSourceOrganisation = record?.SourceOrganisation,
            RecordSourceId = record?.SourceRecordId,
            Field = Scrubbed(field),
            Details = ResidentIdScrubber.Scrub(details.Trim())!,
            Contact = contact,
            ContactDetail = Scrubbed(contactDetail),
            CreatedAt = DatabaseTime.Truncate(clock.GetUtcNow()).UtcDateTime,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, row, cancellationToken: cancellationToken));
        return row.ToRequest();
    }

    /// <summary>The subject's requests, newest first.</summary>
    public async Task<IReadOnlyList<SubjectRequest>> ListBySubjectAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(BySubjectSql, new { SubjectKey = subjectKey }, cancellationToken: cancellationToken)))
            .Select(r => r.ToRequest())];
    }

    /// <summary>Every open request, oldest first: the stewards' queue.</summary>
    public async Task<IReadOnlyList<SubjectRequest>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(OpenSql, cancellationToken: cancellationToken))).Select(r => r.ToRequest())];
    }

    public async Task<SubjectRequest?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { Id = id }, cancellationToken: cancellationToken)))?.ToRequest();
    }

    /// <summary>Marks an open request handled with the steward's note; null when it is not open (or not there).</summary>
    public async Task<SubjectRequest?> HandleAsync(Guid id, string steward, string note, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(HandleSql,
            new { Id = id, At = DatabaseTime.Truncate(clock.GetUtcNow()).UtcDateTime, By = steward, Note = ResidentIdScrubber.Scrub(note.Trim()) },
            cancellationToken: cancellationToken));
        return row?.ToRequest();
    }

    private static string? Scrubbed(string? text) => string.IsNullOrWhiteSpace(text) ? null : ResidentIdScrubber.Scrub(text.Trim());

    private sealed class Row
    {
        public Guid Id { get; set; }
        public string SubjectKey { get; set; } = "";
        public string VouchedByClient { get; set; } = "";
        public string VouchedByOrganisation { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? RecordKind { get; set; }
        public string? RecordSourceOrganisation { get; set; }
        public string? RecordSourceId { get; set; }
        public string? Field { get; set; }
        public string Details { get; set; } = "";
        public string Contact { get; set; } = "";
        public string? ContactDetail { get; set; }
        public DateTime CreatedAt { get; set; }
        public string Status { get; set; } = "open";
        public DateTime? HandledAt { get; set; }
        public string? HandledBy { get; set; }
        public string? HandlerNote { get; set; }

        public SubjectRequest ToRequest() => new(Id, SubjectKey, VouchedByClient, VouchedByOrganisation,
            Kind == "deletion" ? SubjectRequestKind.Deletion : SubjectRequestKind.Correction,
            RecordKind is null ? null : new RecordReference(RecordKind, RecordSourceOrganisation ?? "", RecordSourceId ?? ""),
            Field, Details, Contact, ContactDetail, Utc(CreatedAt), Status == "open", HandledAt is { } at ? Utc(at) : null, HandledBy, HandlerNote);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
