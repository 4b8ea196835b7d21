using Exchange.Access.Enforcement;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Reporting.Statistics;

/// <summary>
/// The graduates a report counts, as the common table expression <c>population</c> that
/// <see cref="Within"/> puts before every report query: one row per subject of the cohort, from
/// the latest graduate record the release lets the caller count (a provider counted whole, or a
/// consenting subject of a provider counted with consent), whose region of origin lies in the
/// selected region. The counting rule lives here once, so no report can count around it.
/// </summary>
/// <remarks>
/// It reads <c>report_cohort_member</c> (Index migration 0016), which keeps each sender's latest
/// record of every subject and cohort ranked by how recent it is, in place: a filter, not a sort
/// of the cohort, and no copy into a temporary table, which PostgreSQL's parallel workers could
/// not read; with each subject's registration and milestones on the same row (0022), so that no
/// report groups every certification, service or placement per graduate nor joins the subjects.
/// </remarks>
internal sealed class Population(StatisticsRelease release, int cohort, string? region, DateOnly asOf)
{
    // Columns of population: subject_id, provider, institution, county, part (the region's part the
    // graduate is counted in), education, discipline, graduated_on, registered_at, category_rank
    // (null for a graduate without a certified hardship), and the graduate's milestones by the
    // as-of day, kept on the member row (Index migration 0022): first_service_on,
    // first_referral_on, first_placed_2021_on, first_placed_2024_on and first_employment_start,
    // each null if it came later or never, with first_employment_at_6_months and _at_12_months (the
    // verdicts of 0021); and latest_placement_start, latest_destination_code and
    // latest_signed_statement, the latest placement ever begun, which a report must check began by
    // the day.
    private const string Columns = """
        select m.subject_id, m.source_organisation as provider, m.institution_code as institution, m.origin_region as county,
               case when length(@region_root) = 0 then left(m.origin_region, 2) || '0000'
                    when right(@region_root, 4) = '0000' then left(m.origin_region, 4) || '00'
                    else m.origin_region end as part,
               case when left(m.education_level, 1) in ('1', '2', '3', '4') then left(m.education_level, 1) || '0' else '90' end as education,
               left(m.major_code, 2) as discipline, m.graduation_date as graduated_on, m.registered_at,
               case when m.disability_from <= @as_of then 1 when m.extreme_poverty_support_from <= @as_of then 2
                    when m.orphan_from <= @as_of then 3 when m.minimum_living_allowance_from <= @as_of then 4
                    when m.zero_employment_family_from <= @as_of then 5 when m.poverty_alleviation_from <= @as_of then 6
                    when m.long_term_unemployed_from <= @as_of then 7 end as category_rank,
               case when m.first_service_on <= @as_of then m.first_service_on end as first_service_on,
               case when m.first_referral_on <= @as_of then m.first_referral_on end as first_referral_on,
               case when m.first_placed_2021_on <= @as_of then m.first_placed_2021_on end as first_placed_2021_on,
               case when m.first_placed_2024_on <= @as_of then m.first_placed_2024_on end as first_placed_2024_on,
               case when m.first_employment_start <= @as_of then m.first_employment_start end as first_employment_start,
               m.first_employment_at_6_months, m.first_employment_at_12_months,
               m.latest_placement_start, m.latest_destination_code, m.latest_signed_statement
        from report_cohort_member m
        where m.cohort = @cohort and m.origin_region like @region_prefix
        """;

    // Every provider counted whole: each subject's latest record.
    private const string EveryProviderSql = Columns + """
          and m.standing = 1
        """;

    // Some providers, or some subjects: the latest record among those the caller may count, so
    // that a record of a provider counted whole is not hidden by a later one of a provider that is not.
    private static readonly string SomeProvidersSql = Columns + $$"""
          and {{CountedRecord("m")}}
          and not exists (
            select 1 from report_cohort_member n
            where n.cohort = m.cohort and n.subject_id = m.subject_id and n.standing < m.standing and {{CountedRecord("n")}})
        """;

    // Whether the caller may count the member row of that alias: its provider counted whole, or
    // counted with consent and its subject consenting.
    private static string CountedRecord(string alias) => $"""
        ({alias}.source_organisation = any(@whole_providers)
         or (@any_consent or {alias}.source_organisation = any(@consent_providers))
            and {alias}.subject_id in (select k.subject_id from subject_keys k where k.subject_key = any(@consenting)))
        """;

    /// <summary>
    /// <paramref name="query"/>, a statement over <c>population</c> and the index, with the
    /// population put before it as its first common table expression.
    /// </summary>
    public string Within(string query)
    {
        // Not materialized: a report that reads the population twice reads the table twice, in
        // parallel workers, rather than one copy of it in the leader.
        var population = "population as not materialized (\n" + (release.Scope.CountsEveryProviderWhole ? EveryProviderSql : SomeProvidersSql) + ")";
        var trimmed = query.TrimStart();
        return trimmed.StartsWith("with", StringComparison.Ordinal) && trimmed.Length > 4 && char.IsWhiteSpace(trimmed[4])
            ? "with " + population + ",\n" + trimmed[5..]
            : "with " + population + "\n" + trimmed;
    }

    /// <summary>Disadvantaged categories by the rank the population gives them: a graduate certified in several is counted in the first.</summary>
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

    /// <summary>Binds the parameters the population names.</summary>
    public void Bind(NpgsqlCommand command)
    {
        var scope = release.Scope;
        command.Parameters.AddWithValue("cohort", Cohort);
        command.Parameters.AddWithValue("region_root", Region ?? "");
        command.Parameters.AddWithValue("region_prefix", RegionPrefix(Region) + "%");
        command.Parameters.AddWithValue("as_of", AsOf);
        command.Parameters.Add(new NpgsqlParameter("whole_providers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.WholeProviders.ToArray() });
        command.Parameters.AddWithValue("any_consent", scope.CountsAnyProviderWithConsent);
        command.Parameters.Add(new NpgsqlParameter("consent_providers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.ConsentProviders.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("consenting", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = release.ConsentingSubjectKeys.ToArray() });
    }

    /// <summary>How a region code's counties begin: 41 for the province 410000, 4101 for the prefecture 410100.</summary>
    public static string RegionPrefix(string? region) =>
        region is null ? "" : region.EndsWith("0000", StringComparison.Ordinal) ? region[..2] : region.EndsWith("00", StringComparison.Ordinal) ? region[..4] : region;
}
