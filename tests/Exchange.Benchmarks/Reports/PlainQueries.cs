namespace Exchange.Benchmarks.Reports;

/// <summary>
/// Each report's figures as hand-written GROUP BYs over the index's typed report facts and each
/// graduate's row of the cohort with its milestones (the tables the reports read, Index migrations
/// 0013, 0016, 0022 and 0023), on the report's as-of day, without the release's population filter,
/// disclosure control or layout: the floor a report is measured against. Written as a careful hand
/// would: set-based joins, no per-row subqueries. The outcomes query takes the latest placement
/// ever begun as the one by the day; the report also looks for an earlier one where it began later
/// (none does in the generated cohort).
/// </summary>
internal static class PlainQueries
{
    // Each graduate of the cohort (the latest record) with the first category it is certified in by the day.
    private const string Graduates = """
        grads as not materialized (
          select m.*, case when disability_from <= date '2027-09-01' then 'disability'
                           when extreme_poverty_support_from <= date '2027-09-01' then 'extreme-poverty-support'
                           when orphan_from <= date '2027-09-01' then 'orphan'
                           when minimum_living_allowance_from <= date '2027-09-01' then 'minimum-living-allowance'
                           when zero_employment_family_from <= date '2027-09-01' then 'zero-employment-family'
                           when poverty_alleviation_from <= date '2027-09-01' then 'poverty-alleviation'
                           when long_term_unemployed_from <= date '2027-09-01' then 'long-term-unemployed' end as category
          from report_cohort_member m where m.cohort = 2026 and m.standing = 1)
        """;

    public static readonly IReadOnlyDictionary<string, string> ByReport = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["outcomes"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.education_level, left(g.major_code, 2), g.category, g.latest_destination_code, null::int, count(*)
            from grads g
            where g.latest_placement_start <= date '2027-09-01' or g.latest_placement_start is null
            group by 1, 2, 3, 4, 5
            union all
            select left(g.origin_region, 2), null, null, g.category, null, g.first_placed_2024_on - g.graduation_date, count(*)
            from grads g
            where g.first_placed_2024_on <= date '2027-09-01'
            group by 1, 4, 6
            """,
        ["coverage"] = $"""
            with {Graduates}
            select g.institution_code, sv.service_type, count(distinct g.subject_id)
            from grads g join report_service sv on sv.subject_id = g.subject_id
            where g.category is not null and sv.delivered_on <= date '2027-09-01'
            group by 1, 2
            """,
        ["response-time"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.category,
                   percentile_disc(0.5) within group (order by g.first_service_on - g.registered_at::date),
                   percentile_disc(0.9) within group (order by g.first_service_on - g.registered_at::date), count(*)
            from grads g
            where g.first_service_on <= date '2027-09-01'
            group by 1, 2
            """,
        ["matching"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.category, coalesce(sv.placement_followed_on <= date '2027-09-01', false), count(*)
            from grads g join report_service sv on sv.subject_id = g.subject_id
            where sv.service_type = 'job-referral' and sv.delivered_on <= date '2027-09-01'
            group by 1, 2, 3
            """,
        ["stability"] = $"""
            with {Graduates}
            select h.months, left(g.origin_region, 2), g.category, case h.months when 6 then g.first_employment_at_6_months else g.first_employment_at_12_months end, count(*)
            from grads g cross join (values (6), (12)) as h (months)
            where (g.first_employment_start + make_interval(months => h.months))::date <= date '2027-09-01'
            group by 1, 2, 3, 4
            """,
        ["satisfaction"] = $"""
            with {Graduates}
            select f.service_type, g.category is not null, f.satisfaction, count(*)
            from grads g join report_feedback f on f.subject_id = g.subject_id
            where f.responded_on <= date '2027-09-01'
            group by 1, 2, 3
            """,
        ["fairness"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.education_level, g.category is not null,
                   g.first_referral_on <= date '2027-09-01', g.first_placed_2024_on <= date '2027-09-01', count(*)
            from grads g
            group by 1, 2, 3, 4, 5
            """,
    };
}
