namespace Exchange.Benchmarks.Reports;

/// <summary>
/// Each report's figure as one hand-written GROUP BY over the index, without the release's
/// population filter, disclosure control or layout: the floor a report is measured against.
/// Written as a careful hand would: set-based joins, no per-row subqueries.
/// </summary>
internal static class PlainQueries
{
    private const string Categories = """
        cats as (select subject_id, min(record->>'certificationType') as category from certifications group by subject_id),
        grads as (select subject_id, record from graduates where record->>'cohort' = '2026')
        """;

    public static readonly IReadOnlyDictionary<string, string> ByReport = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["outcomes"] = $"""
            with {Categories},
            latest as (select distinct on (subject_id) subject_id, record->>'destinationCode' as code from placements order by subject_id, (record->>'startDate')::date desc)
            select left(g.record->>'originRegion', 2), g.record->>'educationLevel', left(g.record->>'majorCode', 2), c.category, l.code, count(*)
            from grads g left join cats c on c.subject_id = g.subject_id left join latest l on l.subject_id = g.subject_id
            group by 1, 2, 3, 4, 5
            """,
        ["coverage"] = $"""
            with {Categories}
            select g.record->>'institutionCode', sv.record->>'serviceType', count(distinct g.subject_id)
            from grads g join cats c on c.subject_id = g.subject_id join services sv on sv.subject_id = g.subject_id
            group by 1, 2
            """,
        ["response-time"] = $"""
            with {Categories},
            firsts as (select subject_id, min((record->>'deliveredOn')::date) as first_on from services group by subject_id)
            select left(g.record->>'originRegion', 2), c.category,
                   percentile_disc(0.5) within group (order by f.first_on - s.created_at::date),
                   percentile_disc(0.9) within group (order by f.first_on - s.created_at::date), count(*)
            from grads g join subjects s on s.subject_id = g.subject_id join firsts f on f.subject_id = g.subject_id
            left join cats c on c.subject_id = g.subject_id
            group by 1, 2
            """,
        ["matching"] = $"""
            with {Categories},
            employers as (select subject_id, record->>'employerCreditCode' as employer, max((record->>'startDate')::date) as last_started from placements group by 1, 2)
            select left(g.record->>'originRegion', 2), c.category, coalesce(e.last_started >= (sv.record->>'deliveredOn')::date, false), count(*)
            from grads g join services sv on sv.subject_id = g.subject_id
            left join vacancies v on v.source_record_id = sv.record->>'vacancyRecordId'
            left join employers e on e.subject_id = sv.subject_id and e.employer = coalesce(sv.record->>'vacancyEmployerCreditCode', v.record->>'employerCreditCode')
            left join cats c on c.subject_id = g.subject_id
            where sv.record->>'serviceType' = 'job-referral'
            group by 1, 2, 3
            """,
        ["stability"] = $"""
            with {Categories}
            select left(g.record->>'originRegion', 2), c.category, f->>'stillInPlace', count(*)
            from grads g join placements pl on pl.subject_id = g.subject_id
            cross join lateral jsonb_array_elements(pl.record->'followUps') f
            left join cats c on c.subject_id = g.subject_id
            group by 1, 2, 3
            """,
        ["satisfaction"] = $"""
            with {Categories}
            select sv.record->>'serviceType', c.category is not null, (f.record->>'satisfaction')::int, count(*)
            from grads g join feedback f on f.subject_id = g.subject_id
            left join services sv on sv.subject_id = f.subject_id and sv.source_record_id = f.record->>'serviceRecordId'
            left join cats c on c.subject_id = g.subject_id
            group by 1, 2, 3
            """,
        ["fairness"] = $"""
            with {Categories},
            referred as (select distinct subject_id from services where record->>'serviceType' = 'job-referral'),
            placed as (select distinct subject_id from placements)
            select left(g.record->>'originRegion', 2), g.record->>'educationLevel', c.category is not null, r.subject_id is not null, d.subject_id is not null, count(*)
            from grads g left join cats c on c.subject_id = g.subject_id
            left join referred r on r.subject_id = g.subject_id left join placed d on d.subject_id = g.subject_id
            group by 1, 2, 3, 4, 5
            """,
    };
}
