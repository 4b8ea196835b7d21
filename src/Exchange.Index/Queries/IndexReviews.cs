using System.Text.Json;
using Dapper;
using Npgsql;

namespace Exchange.Index.Queries;

/// <summary>Why a record belongs to its subject: the rule, the score, who decided, and the evidence as a waterfall.</summary>
public sealed record LinkView(
    Guid EnvelopeId, string Kind, string SourceOrganisation, string SourceRecordId, long SubjectId, string Rule, double Score, string DecidedBy,
    DateTimeOffset DecidedAt, JsonElement? Evidence);

/// <summary>A pair the machine left to a steward: the record (in a subject of its own) and the subject it may belong to.</summary>
public sealed record ReviewView(
    long ReviewId, Guid EnvelopeId, long SubjectId, long CandidateSubjectId, Guid CandidateEnvelopeId, double MatchProbability, string State,
    DateTimeOffset CreatedAt, string? DecidedBy, DateTimeOffset? DecidedAt, JsonElement Evidence);

/// <summary>Reads links and the review queue for stewards.</summary>
public sealed class IndexReviews(NpgsqlDataSource database)
{
    private const string LinkSql = """
        select l.envelope_id as EnvelopeId, e.kind as Kind, e.source_organisation as SourceOrganisation, e.source_record_id as SourceRecordId,
               l.subject_id as SubjectId, l.rule as Rule, l.score as Score, l.decided_by as DecidedBy, l.decided_at as DecidedAt, l.evidence::text as Evidence
        from links l join record_envelope e on e.id = l.envelope_id where l.envelope_id = @EnvelopeId
        """;

    private const string ReviewColumns = """
        select review_id as ReviewId, envelope_id as EnvelopeId, subject_id as SubjectId, candidate_subject_id as CandidateSubjectId,
               candidate_envelope_id as CandidateEnvelopeId, match_probability as MatchProbability, state as State, created_at as CreatedAt,
               decided_by as DecidedBy, decided_at as DecidedAt, evidence::text as Evidence
        from reviews
        """;

    public async Task<LinkView?> GetLinkAsync(Guid envelopeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(LinkSql, new { EnvelopeId = envelopeId }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new LinkView(row.EnvelopeId, row.Kind, row.SourceOrganisation, row.SourceRecordId, row.SubjectId, row.Rule, row.Score, row.DecidedBy,
                Utc(row.DecidedAt), row.Evidence is null ? null : Parse(row.Evidence));
    }

    /// <summary>Reviews in a state (<c>open</c>, <c>accepted</c>, <c>rejected</c>, <c>superseded</c>), oldest first, after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<ReviewView>> ListAsync(string state, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReviewRow>(new CommandDefinition(
            ReviewColumns + " where state = @State and review_id > @AfterId order by review_id limit @Limit",
            new { State = state, AfterId = afterId, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToView)];
    }

    public async Task<ReviewView?> GetReviewAsync(long reviewId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            ReviewColumns + " where review_id = @ReviewId", new { ReviewId = reviewId }, cancellationToken: cancellationToken));
        return row is null ? null : ToView(row);
    }

    /// <summary>
    /// The values the resolver compares of a graduate record in force, one per field of the
    /// resolution settings, in their order; null when the record is no longer in force (a newer
    /// version of it was merged). For a steward weighing a review: the evidence names the
    /// comparisons, these are what was compared.
    /// </summary>
    public async Task<IReadOnlyList<string?>?> GetComparedValuesAsync(Guid envelopeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?[]>(new CommandDefinition(
            "select field_values from resolution_records where envelope_id = @EnvelopeId", new { EnvelopeId = envelopeId }, cancellationToken: cancellationToken));
    }

    private static ReviewView ToView(ReviewRow r) =>
        new(r.ReviewId, r.EnvelopeId, r.SubjectId, r.CandidateSubjectId, r.CandidateEnvelopeId, r.MatchProbability, r.State, Utc(r.CreatedAt), r.DecidedBy,
            r.DecidedAt is { } decided ? Utc(decided) : null, Parse(r.Evidence));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private sealed record LinkRow(Guid EnvelopeId, string Kind, string SourceOrganisation, string SourceRecordId, long SubjectId, string Rule, double Score,
        string DecidedBy, DateTime DecidedAt, string? Evidence);

    private sealed record ReviewRow(long ReviewId, Guid EnvelopeId, long SubjectId, long CandidateSubjectId, Guid CandidateEnvelopeId, double MatchProbability,
        string State, DateTime CreatedAt, string? DecidedBy, DateTime? DecidedAt, string Evidence);
}
