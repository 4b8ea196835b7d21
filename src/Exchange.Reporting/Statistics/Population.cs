using Exchange.Access.Enforcement;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// The graduates a report counts, as the temporary table <c>population</c> every report query reads:
/// one row per subject of the cohort (its latest graduate record, from the typed report facts), from the selected region, and
/// only where the release allows: a provider counted whole, or a consenting subject of a provider
/// counted with consent. The counting rule lives here once, so no report can count around it. A
/// table rather than a common table expression, so that the planner knows its size.
/// </summary>
internal sealed class Population(StatisticsRelease release, int cohort, string? region, DateOnly asOf)
{
    // Columns of population: subject_id, provider, institution, county, part (the region's part the graduate is
    // counted in), education, discipline, graduated_on, category_rank (null for a
    // graduate without a certified hardship).
    public const string CreateSql = """
        create temporary table population on commit drop as
        with population_records as (
          select distinct on (g.subject_id) g.subject_id, g.source_organisation as provider,
                 g.institution_code as institution, g.origin_region as county,
                 g.education_level, left(g.major_code, 2) as discipline, g.graduation_date as graduated_on
          from report_graduate g
          where g.subject_id is not null
            and g.cohort = @cohort
            and g.origin_region like @region_prefix
            and (@all_whole
                 or g.source_organisation = any(@whole_providers)
                 or ((@any_consent or g.source_organisation = any(@consent_providers))
                     and exists (select 1 from subject_keys k where k.subject_id = g.subject_id and k.subject_key = any(@consenting))))
          order by g.subject_id, g.received_at desc
        ),
        ranks as (
          select c.subject_id,
                 min(case c.certification_type
                       when 'disability' then 1 when 'extreme-poverty-support' then 2 when 'orphan' then 3
                       when 'minimum-living-allowance' then 4 when 'zero-employment-family' then 5
                       when 'poverty-alleviation' then 6 when 'long-term-unemployed' then 7 end) as category_rank
          from report_certification c
          where c.subject_id is not null and c.status in ('active', 'expired') and c.valid_from <= @as_of
          group by c.subject_id
        ),
        counted as (
          select p.*,
                 case when length(@region_root) = 0 then left(p.county, 2) || '0000'
                      when right(@region_root, 4) = '0000' then left(p.county, 4) || '00'
                      else p.county end as part,
                 case when left(p.education_level, 1) in ('1', '2', '3', '4') then left(p.education_level, 1) || '0' else '90' end as education,
                 r.category_rank
          from population_records p left join ranks r on r.subject_id = p.subject_id
        )
        select * from counted;
        """;

    // Statistics, so that the planner knows the table's size. No index: every report joins the
    // whole population by hash, and building one took a fifth of a second per 200,000 graduates.
    public const string AnalyzeSql = "analyze population";

    /// <summary>Disadvantaged categories by the rank <see cref="CreateSql"/> gives them: a graduate certified in several is counted in the first.</summary>
    public static readonly IReadOnlyList<string> CategoryByRank =
    [
        "disability", "extreme-poverty-support", "orphan", "minimum-living-allowance", "zero-employment-family", "poverty-alleviation", "long-term-unemployed",
    ];

    public int Cohort { get; } = cohort;

    public string? Region { get; } = region;

    public DateOnly AsOf { get; } = asOf;

    /// <summary>
    /// What every figure of a report over this population is restricted to besides its table's
    /// axes: the cohort, the day and the placement definition, as one code.
    /// </summary>
    public string SelectionCode(PlacementFormula formula) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"cohort:{Cohort};as-of:{AsOf:yyyy-MM-dd};formula:{(formula == PlacementFormula.Moe2021 ? "2021" : "2024")}");

    /// <summary>The category code of a rank read from the query, or <c>others</c>.</summary>
    public static string CategoryOf(int? rank) => rank is { } r ? CategoryByRank[r - 1] : Groups.Others;

    /// <summary>Binds the parameters <see cref="CreateSql"/> names.</summary>
    public void Bind(NpgsqlCommand command)
    {
        var scope = release.Scope;
        command.Parameters.AddWithValue("cohort", Cohort);
        command.Parameters.AddWithValue("region_root", Region ?? "");
        command.Parameters.AddWithValue("region_prefix", RegionPrefix(Region) + "%");
        command.Parameters.AddWithValue("as_of", AsOf);
        command.Parameters.AddWithValue("all_whole", scope.CountsEveryProviderWhole);
        command.Parameters.Add(new NpgsqlParameter("whole_providers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.WholeProviders.ToArray() });
        command.Parameters.AddWithValue("any_consent", scope.CountsAnyProviderWithConsent);
        command.Parameters.Add(new NpgsqlParameter("consent_providers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.ConsentProviders.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("consenting", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = release.ConsentingSubjectKeys.ToArray() });
    }

    /// <summary>How a region code's counties begin: 41 for the province 410000, 4101 for the prefecture 410100.</summary>
    public static string RegionPrefix(string? region) =>
        region is null ? "" : region.EndsWith("0000", StringComparison.Ordinal) ? region[..2] : region.EndsWith("00", StringComparison.Ordinal) ? region[..4] : region;
}
