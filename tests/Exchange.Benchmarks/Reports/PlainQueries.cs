namespace Exchange.Benchmarks.Reports;

/// <summary>
/// Each report's figure as one hand-written GROUP BY over the index, without the release's
/// population filter, disclosure control or layout: the floor a report is measured against.
/// </summary>
internal static class PlainQueries
{
    private const string Category = """
        (select min(c.record->>'certificationType') from certifications c where c.subject_id = g.subject_id and c.record->>'status' in ('active', 'expired'))
        """;

    public static readonly IReadOnlyDictionary<string, string> ByReport = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["outcomes"] = $"""
            select left(g.record->>'originRegion', 2), g.record->>'educationLevel', left(g.record->>'majorCode', 2), {Category} as category, l.code, count(*)
            from graduates g
            left join lateral (select pl.record->>'destinationCode' as code from placements pl where pl.subject_id = g.subject_id
                               order by (pl.record->>'startDate')::date desc limit 1) l on true
            where g.record->>'cohort' = '2026'
            group by 1, 2, 3, 4, 5
            """,
        ["coverage"] = $"""
            select g.record->>'institutionCode', sv.record->>'serviceType', count(distinct g.subject_id)
            from graduates g join services sv on sv.subject_id = g.subject_id
            where g.record->>'cohort' = '2026' and exists (select 1 from certifications c where c.subject_id = g.subject_id)
            group by 1, 2
            """,
        ["response-time"] = $"""
            select left(g.record->>'originRegion', 2), {Category} as category,
                   percentile_disc(0.5) within group (order by f.first_on - s.created_at::date),
                   percentile_disc(0.9) within group (order by f.first_on - s.created_at::date), count(*)
            from graduates g join subjects s on s.subject_id = g.subject_id
            join (select subject_id, min((record->>'deliveredOn')::date) as first_on from services group by subject_id) f on f.subject_id = g.subject_id
            where g.record->>'cohort' = '2026'
            group by 1, 2
            """,
        ["matching"] = $"""
            select {Category} as category,
                   exists (select 1 from placements pl where pl.subject_id = sv.subject_id and pl.record->>'employerCreditCode' = v.record->>'employerCreditCode') as placed,
                   count(*)
            from graduates g join services sv on sv.subject_id = g.subject_id
            left join vacancies v on v.source_record_id = sv.record->>'vacancyRecordId'
            where g.record->>'cohort' = '2026' and sv.record->>'serviceType' = 'job-referral'
            group by 1, 2
            """,
        ["stability"] = $"""
            select {Category} as category, f->>'stillInPlace', count(*)
            from graduates g join placements pl on pl.subject_id = g.subject_id
            cross join lateral jsonb_array_elements(pl.record->'followUps') f
            where g.record->>'cohort' = '2026'
            group by 1, 2
            """,
        ["satisfaction"] = $"""
            select sv.record->>'serviceType', {Category} is not null, (f.record->>'satisfaction')::int, count(*)
            from graduates g join feedback f on f.subject_id = g.subject_id
            left join services sv on sv.subject_id = f.subject_id and sv.source_record_id = f.record->>'serviceRecordId'
            where g.record->>'cohort' = '2026'
            group by 1, 2, 3
            """,
        ["fairness"] = $"""
            select left(g.record->>'originRegion', 2), g.record->>'educationLevel', {Category} is not null,
                   exists (select 1 from services sv where sv.subject_id = g.subject_id and sv.record->>'serviceType' = 'job-referral'),
                   exists (select 1 from placements pl where pl.subject_id = g.subject_id), count(*)
            from graduates g
            where g.record->>'cohort' = '2026'
            group by 1, 2, 3, 4, 5
            """,
    };
}
