using System.Text;
using Dapper;
using Npgsql;

namespace Exchange.Index.Search;

/// <summary>
/// One real job as a search finds it (<c>vacancy_profile</c>): the fields of the latest received
/// vacancy in force among its channels, and the job's validity across them.
/// </summary>
public sealed record VacancyHit(
    long JobId, string SourceOrganisation, string SourceRecordId, string? EmployerCreditCode, string? EmployerName, string? Title, string? OccupationCode,
    string? WorkRegion, string? MinEducationLevel, string[] Majors, string[] Skills, string[] AccessibilityFeatures, string[] InclusiveHiring,
    string? ContractType, int? PayMin, int? PayMax, int? Positions, DateOnly ValidFrom, DateOnly ValidThrough, string[] Channels);

/// <summary>A page of a vacancy search in job id order; <see cref="After"/> is where the next page starts, null when none follows.</summary>
public sealed record VacancyPage(IReadOnlyList<VacancyHit> Hits, long? After);

/// <summary>Finds jobs in <c>vacancy_profile</c> (Index migration 0007) by keyset pagination on the job id, which is never reused.</summary>
public sealed class VacancySearch(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="limit"/> jobs after job <paramref name="after"/> that pass the filter.</summary>
    public async Task<VacancyPage> SearchAsync(VacancyFilter filter, long after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<VacancyRow>(new CommandDefinition(Sql(filter), new
        {
            After = after,
            Take = limit + 1,
            RegionFrom = filter.WorkRegion?.From,
            RegionTo = filter.WorkRegion?.To,
            LevelFrom = filter.MinEducationLevel?.From,
            LevelTo = filter.MinEducationLevel?.To,
            Major = filter.MajorCode is null ? null : new[] { filter.MajorCode },
            MajorGroup = filter.MajorGroup is null ? null : new[] { filter.MajorGroup },
            Skills = filter.Skills?.ToArray(),
            Features = filter.AccessibilityFeatures?.ToArray(),
            Flags = filter.InclusiveHiring?.ToArray(),
            filter.ValidOn,
        }, cancellationToken: cancellationToken))).Select(r => r.ToHit()).ToList();
        var more = rows.Count > limit;
        if (more)
            rows.RemoveAt(limit);
        return new VacancyPage(rows, more ? rows[^1].JobId : null);
    }

    // Built from fixed fragments only, one per filter given; every value travels as a parameter.
    internal static string Sql(VacancyFilter filter)
    {
        var sql = new StringBuilder("""
            select job_id as JobId, source_organisation as SourceOrganisation, source_record_id as SourceRecordId,
                   employer_credit_code as EmployerCreditCode, employer_name as EmployerName, title as Title, occupation_code as OccupationCode,
                   work_region as WorkRegion, min_education_level as MinEducationLevel, majors as Majors, skills as Skills,
                   accessibility_features as AccessibilityFeatures, inclusive_hiring as InclusiveHiring, contract_type as ContractType,
                   pay_min as PayMin, pay_max as PayMax, positions as Positions, valid_from as ValidFrom, valid_through as ValidThrough, channels as Channels
            from vacancy_profile v where v.job_id > @After and v.valid_from <= @ValidOn and v.valid_through >= @ValidOn
            """);
        if (filter.WorkRegion is not null)
            sql.Append(" and v.work_region >= @RegionFrom and v.work_region < @RegionTo");
        if (filter.MinEducationLevel is not null)
            sql.Append(" and v.min_education_level >= @LevelFrom and v.min_education_level < @LevelTo");
        if (filter.MajorCode is not null)
            sql.Append(" and v.majors @> @Major");
        if (filter.MajorGroup is not null)
            sql.Append(" and v.major_groups @> @MajorGroup");
        if (filter.Skills is { Count: > 0 })
            sql.Append(" and v.skills @> @Skills");
        if (filter.AccessibilityFeatures is { Count: > 0 })
            sql.Append(" and v.accessibility_features @> @Features");
        if (filter.InclusiveHiring is { Count: > 0 })
            sql.Append(" and v.inclusive_hiring @> @Flags");
        sql.Append(" order by v.job_id limit @Take");
        return sql.ToString();
    }

    // Npgsql reads a date as a DateTime; Dapper fills properties by name.
    private sealed class VacancyRow
    {
        public long JobId { get; init; }
        public string SourceOrganisation { get; init; } = "";
        public string SourceRecordId { get; init; } = "";
        public string? EmployerCreditCode { get; init; }
        public string? EmployerName { get; init; }
        public string? Title { get; init; }
        public string? OccupationCode { get; init; }
        public string? WorkRegion { get; init; }
        public string? MinEducationLevel { get; init; }
        public string[] Majors { get; init; } = [];
        public string[] Skills { get; init; } = [];
        public string[] AccessibilityFeatures { get; init; } = [];
        public string[] InclusiveHiring { get; init; } = [];
        public string? ContractType { get; init; }
        public int? PayMin { get; init; }
        public int? PayMax { get; init; }
        public int? Positions { get; init; }
        public DateTime ValidFrom { get; init; }
        public DateTime ValidThrough { get; init; }
        public string[] Channels { get; init; } = [];

        public VacancyHit ToHit() => new(JobId, SourceOrganisation, SourceRecordId, EmployerCreditCode, EmployerName, Title, OccupationCode, WorkRegion,
            MinEducationLevel, Majors, Skills, AccessibilityFeatures, InclusiveHiring, ContractType, PayMin, PayMax, Positions,
            DateOnly.FromDateTime(ValidFrom), DateOnly.FromDateTime(ValidThrough), Channels);
    }
}
