namespace Exchange.Benchmarks.Reports;

/// <summary>
/// Each report's figure as one hand-written GROUP BY over the index's typed report facts and each
/// graduate's row of the cohort with its milestones (the tables the reports read, Index migrations
/// 0013, 0016 and 0022), without the release's population filter, disclosure control or layout:
/// the floor a report is measured against. Written as a careful hand would: set-based joins, no
/// per-row subqueries.
/// </summary>
internal static class PlainQueries
{
    // Each graduate of the cohort (the latest record) with the first category it is certified in.
    private const string Graduates = """
        grads as (select m.*, case when disability_from is not null then 'disability' when extreme_poverty_support_from is not null then 'extreme-poverty-support'
                                   when orphan_from is not null then 'orphan' when minimum_living_allowance_from is not null then 'minimum-living-allowance'
                                   when zero_employment_family_from is not null then 'zero-employment-family'
                                   when poverty_alleviation_from is not null then 'poverty-alleviation'
                                   when long_term_unemployed_from is not null then 'long-term-unemployed' end as category
                  from report_cohort_member m where m.cohort = 2026 and m.standing = 1)
        """;

    public static readonly IReadOnlyDictionary<string, string> ByReport = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["outcomes"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.education_level, left(g.major_code, 2), g.category, g.latest_destination_code, count(*)
            from grads g
            group by 1, 2, 3, 4, 5
            """,
        ["coverage"] = $"""
            with {Graduates}
            select g.institution_code, sv.service_type, count(distinct g.subject_id)
            from grads g join report_service sv on sv.subject_id = g.subject_id
            where g.category is not null
            group by 1, 2
            """,
        ["response-time"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.category,
                   percentile_disc(0.5) within group (order by g.first_service_on - g.registered_at::date),
                   percentile_disc(0.9) within group (order by g.first_service_on - g.registered_at::date), count(*)
            from grads g
            where g.first_service_on is not null
            group by 1, 2
            """,
        ["matching"] = $"""
            with {Graduates},
            employers as (select subject_id, employer_credit_code as employer, max(start_date) as last_started from report_placement group by 1, 2)
            select left(g.origin_region, 2), g.category, coalesce(e.last_started >= sv.delivered_on, false), count(*)
            from grads g join report_service sv on sv.subject_id = g.subject_id
            left join report_vacancy v on v.source_record_id = sv.vacancy_record_id
            left join employers e on e.subject_id = sv.subject_id and e.employer = coalesce(sv.vacancy_employer_credit_code, v.employer_credit_code)
            where sv.service_type = 'job-referral'
            group by 1, 2, 3
            """,
        ["stability"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.category, g.first_employment_at_6_months, g.first_employment_at_12_months, count(*)
            from grads g
            where g.first_employment_start is not null
            group by 1, 2, 3, 4
            """,
        ["satisfaction"] = $"""
            with {Graduates}
            select f.service_type, g.category is not null, f.satisfaction, count(*)
            from grads g join report_feedback f on f.subject_id = g.subject_id
            group by 1, 2, 3
            """,
        ["fairness"] = $"""
            with {Graduates}
            select left(g.origin_region, 2), g.education_level, g.category is not null, g.first_referral_on is not null, g.first_placed_2024_on is not null, count(*)
            from grads g
            group by 1, 2, 3, 4, 5
            """,
    };
}
