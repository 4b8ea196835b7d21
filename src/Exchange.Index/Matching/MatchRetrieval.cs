using System.Text;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Index.Queries;
using Npgsql;

namespace Exchange.Index.Matching;

/// <summary>A vacancy as stored: who sent it, its record id, and the record.</summary>
public sealed record StoredVacancy(string SourceOrganisation, string RecordId, VacancyRecord Record);

/// <summary>A graduate retrieval picked for a vacancy: its subject, its key, and its relevance bound (the qualification points it would score).</summary>
public sealed record PickedCandidate(long SubjectId, string SubjectKey, int Bound);

/// <summary>A graduate to score, with the stored records the release service is to judge before anything of them leaves.</summary>
public sealed record StoredCandidate(CandidateProfile Profile, IReadOnlyList<SubjectRecord> Records);

/// <summary>
/// Where matching finds what it scores: a coarse prefilter on the typed profiles (the vacancy's
/// province among the graduate's preferred regions or none stated, an education level that meets
/// the minimum, vacancies and programmes open on the day), then at most <see cref="Cap"/> rows, the
/// best by <see cref="RelevanceBound"/> (the qualification points the scorer would give, computed in
/// SQL), scored in C# from the records. Scoring from the profiles' columns instead of the records is
/// the next step (docs/read-api.md, "Weak points"). Neither the prefilter nor the bound reads
/// hardship, disability, sex or origin.
/// </summary>
public sealed class MatchRetrieval(NpgsqlDataSource dataSource, int cap = MatchRetrieval.DefaultCap)
{
    /// <summary>The most graduates or vacancies one match scores, unless the constructor is told otherwise.</summary>
    public const int DefaultCap = 5000;

    /// <summary>The most graduates or vacancies one match scores.</summary>
    public int Cap { get; } = cap > 0 ? cap : throw new ArgumentOutOfRangeException(nameof(cap), cap, "The cap must be positive.");

    private const string PickedSql = $"""
        select subject_id as SubjectId, subject_key as SubjectKey, bound::int as Bound from ({RelevanceBound.CandidateSubjects}) p
        """;

    // The graduate and certification records of picked subjects. A subject known by several keys (a
    // merge) is named by its least key (graduate_profile keeps it), so its handle is stable. Each
    // subject's records come in one fixed order; the subjects are put in picked order by the caller.
    private const string PickedRecordsSql = """
        select q.subject_key as SubjectKey, c.kind, c.source_organisation as SourceOrganisation, c.source_record_id as SourceRecordId,
               c.received_at as ReceivedAt, c.record::text as RecordJson
        from unnest(@SubjectIds, @SubjectKeys) as q (subject_id, subject_key)
        join current_records c on c.subject_id = q.subject_id and c.kind in ('graduate', 'certification')
        order by c.kind, c.source_organisation, c.source_record_id
        """;

    private const string SubjectSql = """
        select @SubjectKey as SubjectKey, c.kind, c.source_organisation as SourceOrganisation, c.source_record_id as SourceRecordId,
               c.received_at as ReceivedAt, c.record::text as RecordJson
        from subject_keys k join current_records c on c.subject_id = k.subject_id
        where k.subject_key = @SubjectKey and c.kind in ('graduate', 'certification')
        order by c.kind, c.source_organisation, c.source_record_id
        """;

    private const string GraduateRecordSql = """
        select (select min(subject_key) from subject_keys where subject_id = g.subject_id) as SubjectKey, c.kind,
               c.source_organisation as SourceOrganisation, c.source_record_id as SourceRecordId, c.received_at as ReceivedAt, c.record::text as RecordJson
        from current_records g join current_records c on c.subject_id = g.subject_id and c.kind in ('graduate', 'certification')
        where g.kind = 'graduate' and g.source_organisation = @Organisation and g.source_record_id = @RecordId
        order by c.kind, c.source_organisation, c.source_record_id
        """;

    private const string VacancySql = """
        select source_organisation as SourceOrganisation, source_record_id as RecordId, record::text as RecordJson
        from current_records where kind = 'vacancy' and source_organisation = @Organisation and source_record_id = @RecordId
        """;

    // The jobs RelevanceBound picks, each by the vacancies in force that announce it (its channels),
    // each vacancy still judged by its own record: open on the day (dates compared as ISO text, which
    // orders as the dates do), in a preferred province, an education level the graduate meets.
    // The channels are looked up job by job (a lateral subquery kept apart by "offset 0"): the
    // planner cannot estimate the filters on the record's JSON, guessed one row, and joined every
    // picked job with every vacancy in force by a nested loop — 37 s for 10,000 vacancies.
    internal const string VacanciesSql = $"""
        with picked as ({RelevanceBound.VacancyJobs})
        select v.SourceOrganisation, v.RecordId, v.RecordJson
        from picked p
        cross join lateral (
          select c.source_organisation as SourceOrganisation, c.source_record_id as RecordId, c.record::text as RecordJson
          from job_channels ch
          join current_records c on c.kind = 'vacancy' and c.source_organisation = ch.source_organisation and c.source_record_id = ch.source_record_id
          where ch.job_id = p.job_id
            and c.record->>'validFrom' <= @Day and c.record->>'validThrough' >= @Day
            and (cardinality(@Provinces) = 0 or left(c.record->>'workRegion', 2) = any(@Provinces))
            and (c.record->>'minEducationLevel' is null or left(c.record->>'minEducationLevel', 1) >= @Level)
          offset 0) v
        order by p.bound desc, p.tie, v.SourceOrganisation, v.RecordId
        limit @Cap
        """;

    private const string PoliciesSql = """
        select record::text from current_records
        where kind = 'policy' and record->>'validFrom' <= @Day and record->>'validThrough' >= @Day
        order by source_organisation, source_record_id
        limit @Cap
        """;

    /// <summary>The vacancy a source organisation sent under a record id, or null.</summary>
    public async Task<StoredVacancy?> VacancyAsync(string organisation, string recordId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<VacancyRow>(new CommandDefinition(VacancySql,
            new { Organisation = organisation, RecordId = recordId }, cancellationToken: cancellationToken));
        return row is null ? null : ToVacancy(row);
    }

    /// <summary>
    /// The graduates a vacancy is scored against, without their records: at most <see cref="Cap"/>,
    /// the best by relevance bound, listed best bound first and equal bounds in subject-key order
    /// (ordinal), the order in which <see cref="MatchEngine.RankCandidatesAsync{T}"/> reads them.
    /// </summary>
    public async Task<IReadOnlyList<PickedCandidate>> PickCandidatesAsync(VacancyRecord vacancy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var picked = await connection.QueryAsync<PickedCandidate>(new CommandDefinition(PickedSql, RelevanceBound.ForVacancy(vacancy, Cap),
            cancellationToken: cancellationToken));
        return [.. picked.OrderByDescending(p => p.Bound).ThenBy(p => p.SubjectKey, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The records of picked graduates, in the order picked; a subject whose graduate record has gone
    /// since it was picked is left out.
    /// </summary>
    public async Task<IReadOnlyList<StoredCandidate>> ReadCandidatesAsync(IReadOnlyList<PickedCandidate> picked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(picked);
        if (picked.Count == 0)
            return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubjectRow>(new CommandDefinition(PickedRecordsSql,
            new { SubjectIds = picked.Select(p => p.SubjectId).ToArray(), SubjectKeys = picked.Select(p => p.SubjectKey).ToArray() },
            cancellationToken: cancellationToken));
        var read = rows.GroupBy(r => r.SubjectKey, StringComparer.Ordinal).Select(ToCandidate).OfType<StoredCandidate>()
            .ToDictionary(c => c.Profile.SubjectKey, StringComparer.Ordinal);
        return [.. picked.Select(p => read.GetValueOrDefault(p.SubjectKey)).OfType<StoredCandidate>()];
    }

    /// <summary>Every graduate a vacancy is scored against, with their records: <see cref="PickCandidatesAsync"/> read whole.</summary>
    public async Task<IReadOnlyList<StoredCandidate>> CandidatesForAsync(VacancyRecord vacancy, CancellationToken cancellationToken) =>
        await ReadCandidatesAsync(await PickCandidatesAsync(vacancy, cancellationToken), cancellationToken);

    /// <summary>The graduate a subject key names, or null.</summary>
    public async Task<StoredCandidate?> CandidateAsync(string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SubjectRow>(new CommandDefinition(SubjectSql, new { SubjectKey = subjectKey }, cancellationToken: cancellationToken))).ToList();
        return rows.Count == 0 ? null : ToCandidate(rows.GroupBy(r => r.SubjectKey).Single());
    }

    /// <summary>The graduate a university sent under a record id, with the rest of its subject, or null.</summary>
    public async Task<StoredCandidate?> GraduateByRecordAsync(string organisation, string recordId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SubjectRow>(new CommandDefinition(GraduateRecordSql,
            new { Organisation = organisation, RecordId = recordId }, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0 || rows[0].SubjectKey is null)
            return null;
        // The university's own record is the one scored, whatever another university sent about the subject.
        var own = rows.Where(r => r.Kind != "graduate" || (r.SourceOrganisation == organisation && r.SourceRecordId == recordId));
        return ToCandidate(own.GroupBy(r => r.SubjectKey).Single());
    }

    /// <summary>The vacancies open on a day that a graduate is scored against.</summary>
    public async Task<IReadOnlyList<StoredVacancy>> VacanciesForAsync(GraduateRecord graduate, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduate);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<VacancyRow>(new CommandDefinition(VacanciesSql, RelevanceBound.ForGraduate(graduate, Iso(day), Cap),
            cancellationToken: cancellationToken));
        return [.. rows.Select(ToVacancy)];
    }

    /// <summary>The programmes open on a day.</summary>
    public async Task<IReadOnlyList<PolicyRecord>> PoliciesAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(PoliciesSql, new { Day = Iso(day), Cap }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (PolicyRecord)RecordJson.Deserialize(RecordKind.Policy, Encoding.UTF8.GetBytes(r)))];
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static StoredVacancy ToVacancy(VacancyRow row) =>
        new(row.SourceOrganisation, row.RecordId, (VacancyRecord)RecordJson.Deserialize(RecordKind.Vacancy, Encoding.UTF8.GetBytes(row.RecordJson)));

    // A subject with graduate records from more than one source is scored on the latest received.
    private static StoredCandidate? ToCandidate(IGrouping<string, SubjectRow> rows)
    {
        var records = rows.Select(r => (Row: r, Record: new SubjectRecord(
            r.Kind, r.SourceOrganisation, r.SourceRecordId, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero), System.Text.Json.JsonElement.Parse(r.RecordJson)))).ToList();
        var graduate = records.Where(r => r.Row.Kind == "graduate").OrderByDescending(r => r.Row.ReceivedAt).FirstOrDefault();
        if (graduate.Row is null)
            return null;
        var certifications = records.Where(r => r.Row.Kind == "certification")
            .Select(r => (CertificationRecord)RecordJson.Deserialize(RecordKind.Certification, Encoding.UTF8.GetBytes(r.Row.RecordJson))).ToList();
        var profile = new CandidateProfile(rows.Key, (GraduateRecord)RecordJson.Deserialize(RecordKind.Graduate, Encoding.UTF8.GetBytes(graduate.Row.RecordJson)), certifications);
        return new StoredCandidate(profile, [.. records.Select(r => r.Record)]);
    }

    private sealed record SubjectRow(string SubjectKey, string Kind, string SourceOrganisation, string SourceRecordId, DateTime ReceivedAt, string RecordJson);

    private sealed record VacancyRow(string SourceOrganisation, string RecordId, string RecordJson);
}
