using System.Text;
using System.Text.Json;
using Dapper;
using Exchange.Index.Queries;
using Npgsql;

namespace Exchange.Index.Search;

/// <summary>One graduate a search found: its subject id (the page's order), the key the release service reads it by, and its records.</summary>
public sealed record GraduateHit(long SubjectId, string SubjectKey, IReadOnlyList<SubjectRecord> Records);

/// <summary>
/// A page of a graduate search, in subject id order. <see cref="After"/> is where the next page
/// starts, null when none follows.
/// </summary>
public sealed record GraduatePage(IReadOnlyList<GraduateHit> Hits, long? After);

/// <summary>
/// Finds graduates in <c>graduate_profile</c> (Index migration 0007) by keyset pagination on the
/// subject id: a subject id is never renumbered or reused, so a page starts after the last one
/// the previous page read, and rows added between pages never shift it. Subjects without a
/// linkage key are never found: the release service reads a subject by its key.
/// </summary>
public sealed class GraduateSearch(NpgsqlDataSource dataSource)
{
    private const string PolicySql = """
        select record::text from current_records where kind = 'policy' and source_organisation = @SourceOrganisation and source_record_id = @SourceRecordId
        """;

    // The records the release service releases of a graduate; services and feedback are never read here.
    private const string RecordsSql = """
        select subject_id as SubjectId, kind as Kind, source_organisation as SourceOrganisation, source_record_id as SourceRecordId,
               received_at as ReceivedAt, record::text as RecordJson
        from current_records
        where subject_id = any(@Ids) and kind in ('graduate', 'certification', 'placement')
        order by subject_id, kind, source_organisation, source_record_id
        """;

    /// <summary>
    /// Up to <paramref name="limit"/> graduates after subject <paramref name="after"/> that pass the
    /// filter; null when the filter names a policy the index does not hold.
    /// </summary>
    public async Task<GraduatePage?> SearchAsync(GraduateFilter filter, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        PolicyTerms? policy = null;
        if (filter.Policy is { } named)
        {
            var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(PolicySql, named, cancellationToken: cancellationToken));
            if (json is null)
                return null;
            policy = PolicyTerms.Read(json);
            // A policy not in force on the day makes no one eligible.
            if (!policy.InForce(filter.AsOf))
                return new GraduatePage([], null);
        }

        var rows = (await connection.QueryAsync<ProfileRow>(new CommandDefinition(Sql(filter), new
        {
            After = after,
            Take = limit + 1,
            RegionFrom = filter.OriginRegion?.From,
            RegionTo = filter.OriginRegion?.To,
            LevelFrom = filter.EducationLevel?.From,
            LevelTo = filter.EducationLevel?.To,
            filter.MajorCode,
            filter.MajorGroup,
            filter.Cohort,
            Skills = filter.Skills?.ToArray(),
            Needs = filter.AccommodationNeeds?.ToArray(),
            filter.AsOf,
            PolicyTypes = policy?.CertificationTypes ?? [],
            PolicyLevels = policy?.EducationLevels ?? [],
            PolicyCohorts = policy?.Cohorts ?? [],
        }, cancellationToken: cancellationToken))).ToList();
        var more = rows.Count > limit;
        if (more)
            rows.RemoveAt(limit);
        var records = rows.Count == 0 ? [] : await connection.QueryAsync<RecordRow>(new CommandDefinition(RecordsSql,
            new { Ids = rows.Select(r => r.SubjectId).ToArray() }, cancellationToken: cancellationToken));
        var bySubject = records.ToLookup(r => r.SubjectId, r => r.ToRecord());
        return new GraduatePage([.. rows.Select(r => new GraduateHit(r.SubjectId, r.SubjectKey, [.. bySubject[r.SubjectId]]))],
            more ? rows[^1].SubjectId : null);
    }

    // Built from fixed fragments only, one per filter given, so the statements Dapper caches stay
    // few; every value travels as a parameter.
    internal static string Sql(GraduateFilter filter)
    {
        var sql = new StringBuilder("select subject_id as SubjectId, subject_key as SubjectKey from graduate_profile p where p.subject_key is not null and p.subject_id > @After");
        if (filter.OriginRegion is not null)
            sql.Append(" and p.origin_region >= @RegionFrom and p.origin_region < @RegionTo");
        if (filter.EducationLevel is not null)
            sql.Append(" and p.education_level >= @LevelFrom and p.education_level < @LevelTo");
        if (filter.MajorCode is not null)
            sql.Append(" and p.major_code = @MajorCode");
        if (filter.MajorGroup is not null)
            sql.Append(" and p.major_group = @MajorGroup");
        if (filter.Cohort is not null)
            sql.Append(" and p.cohort = @Cohort");
        if (filter.Skills is { Count: > 0 })
            sql.Append(" and p.skills @> @Skills");
        if (filter.AccommodationNeeds is { Count: > 0 })
            sql.Append(" and p.accommodation_needs @> @Needs");
        if (filter.Available is { } available)
            sql.Append(available ? " and not p.placed" : " and p.placed");
        if (filter.Policy is not null)
        {
            sql.Append("""
                 and exists (select 1 from graduate_certification c where c.subject_id = p.subject_id and c.valid_from <= @AsOf
                             and (c.valid_through is null or c.valid_through >= @AsOf)
                             and (cardinality(@PolicyTypes::text[]) = 0 or c.certification_type = any(@PolicyTypes)))
                 and (cardinality(@PolicyLevels::text[]) = 0 or p.education_level = any(@PolicyLevels))
                 and (cardinality(@PolicyCohorts::int[]) = 0 or p.cohort = any(@PolicyCohorts))
                """);
        }
        sql.Append(" order by p.subject_id limit @Take");
        return sql.ToString();
    }

    private sealed record ProfileRow(long SubjectId, string SubjectKey);

    private sealed record RecordRow(long SubjectId, string Kind, string SourceOrganisation, string SourceRecordId, DateTime ReceivedAt, string RecordJson)
    {
        public SubjectRecord ToRecord() =>
            new(Kind, SourceOrganisation, SourceRecordId, new DateTimeOffset(ReceivedAt, TimeSpan.Zero), JsonElement.Parse(RecordJson));
    }
}
