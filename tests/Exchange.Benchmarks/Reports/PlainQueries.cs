namespace Exchange.Benchmarks.Reports;

/// <summary>
/// Each report's figure as one hand-written GROUP BY over the index's typed report facts (the
/// tables the reports read, Index migration 0013), without the release's
/// population filter, disclosure control or layout: the floor a report is measured against.
/// Written as a careful hand would: set-based joins, no per-row subqueries.
/// </summary>
internal static class PlainQueries
{
    private const string Categories = """
        cats as (select subject_id, min(certification_type) as category from report_certification group by subject_id),
        grads as (select subject_id, origin_region, education_level, major_code, institution_code from report_graduate where cohort = 2026)
        """;

    public static readonly IReadOnlyDictionary<string, string> ByReport = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["outcomes"] = $"""
            with {Categories},
            latest as (select distinct on (subject_id) subject_id, destination_code as code from report_placement order by subject_id, start_date desc)
            select left(g.origin_region, 2), g.education_level, left(g.major_code, 2), c.category, l.code, count(*)
            from grads g left join cats c on c.subject_id = g.subject_id left join latest l on l.subject_id = g.subject_id
            group by 1, 2, 3, 4, 5
            """,
        ["coverage"] = $"""
            with {Categories}
            select g.institution_code, sv.service_type, count(distinct g.subject_id)
            from grads g join cats c on c.subject_id = g.subject_id join report_service sv on sv.subject_id = g.subject_id
            group by 1, 2
            """,
        ["response-time"] = $"""
            with {Categories},
            firsts as (select subject_id, min(delivered_on) as first_on from report_service group by subject_id)
            select left(g.origin_region, 2), c.category,
                   percentile_disc(0.5) within group (order by f.first_on - s.created_at::date),
                   percentile_disc(0.9) within group (order by f.first_on - s.created_at::date), count(*)
            from grads g join subjects s on s.subject_id = g.subject_id join firsts f on f.subject_id = g.subject_id
            left join cats c on c.subject_id = g.subject_id
            group by 1, 2
            """,
        ["matching"] = $"""
            with {Categories},
            employers as (select subject_id, employer_credit_code as employer, max(start_date) as last_started from report_placement group by 1, 2)
            select left(g.origin_region, 2), c.category, coalesce(e.last_started >= sv.delivered_on, false), count(*)
            from grads g join report_service sv on sv.subject_id = g.subject_id
            left join report_vacancy v on v.source_record_id = sv.vacancy_record_id
            left join employers e on e.subject_id = sv.subject_id and e.employer = coalesce(sv.vacancy_employer_credit_code, v.employer_credit_code)
            left join cats c on c.subject_id = g.subject_id
            where sv.service_type = 'job-referral'
            group by 1, 2, 3
            """,
        ["stability"] = $"""
            with {Categories}
            select left(g.origin_region, 2), c.category, f.still_in_place, count(*)
            from grads g join report_placement pl on pl.subject_id = g.subject_id
            cross join lateral unnest(pl.follow_up_still_in_place) as f (still_in_place)
            left join cats c on c.subject_id = g.subject_id
            group by 1, 2, 3
            """,
        ["satisfaction"] = $"""
            with {Categories}
            select f.service_type, c.category is not null, f.satisfaction, count(*)
            from grads g join report_feedback f on f.subject_id = g.subject_id
            left join cats c on c.subject_id = g.subject_id
            group by 1, 2, 3
            """,
        ["fairness"] = $"""
            with {Categories},
            referred as (select distinct subject_id from report_service where service_type = 'job-referral'),
            placed as (select distinct subject_id from report_placement)
            select left(g.origin_region, 2), g.education_level, c.category is not null, r.subject_id is not null, d.subject_id is not null, count(*)
            from grads g left join cats c on c.subject_id = g.subject_id
            left join referred r on r.subject_id = g.subject_id left join placed d on d.subject_id = g.subject_id
            group by 1, 2, 3, 4, 5
            """,
    };
}
