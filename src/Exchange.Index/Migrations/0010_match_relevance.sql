-- What match retrieval (src/Exchange.Index/Matching/MatchRetrieval.cs) orders by: a relevance bound
-- computed from typed columns, so that the graduates or vacancies it hands the scorer are the best
-- qualified rather than the lowest subject ids or the senders whose names sort first
-- (docs/read-api.md, "Retrieval"). graduate_profile gains the graduate's job preferences, which were
-- only in current_records' jsonb; both profiles gain their skills folded as the scorer compares them
-- (trimmed, case-insensitive), with GIN indexes, so that "shares a skill with the job" is an index
-- probe. Nothing here reads hardship, disability, sex or origin.

-- Trimmed of what .NET's string.Trim() trims, and lower-cased in ASCII only (collate "C" whatever
-- the database's locale): MatchRetrieval folds its parameters the same way.
create function fold_text(value text) returns text language sql immutable as $$
  select lower(btrim(value, E' \t\n\u000b\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000') collate "C")
$$;

create function fold_texts(value text[]) returns text[] language sql immutable as $$
  select coalesce(array(select distinct fold_text(s) from unnest(value) as s order by 1), '{}')
$$;

alter table graduate_profile
  add column skills_folded text[] not null default '{}',
  -- preferences.regions: GB/T 2260 codes at any level.
  add column preferred_regions text[] not null default '{}',
  add column preferred_occupations text[] not null default '{}',
  add column preferred_contract_types text[] not null default '{}',
  add column min_monthly_pay int;

alter table vacancy_profile add column skills_folded text[] not null default '{}';

create index graduate_profile_skills_folded on graduate_profile using gin (skills_folded);
create index graduate_profile_preferred_regions on graduate_profile using gin (preferred_regions);
create index vacancy_profile_skills_folded on vacancy_profile using gin (skills_folded);

-- As in 0007, with the new columns.
create or replace function refresh_graduate_profiles(ids bigint[]) returns void language sql as $$
  delete from graduate_profile where subject_id in (select unnest(ids));
  delete from graduate_certification where subject_id in (select unnest(ids));
  with wanted as (select distinct unnest(ids) as subject_id),
  graduate as (
    select distinct on (c.subject_id) c.subject_id, c.source_organisation, c.source_record_id, c.record
    from current_records c join wanted w on w.subject_id = c.subject_id
    where c.kind = 'graduate'
    order by c.subject_id, c.received_at desc, c.source_organisation, c.source_record_id),
  keys as (
    select k.subject_id, min(k.subject_key) as subject_key
    from subject_keys k join wanted w on w.subject_id = k.subject_id
    group by k.subject_id),
  placements as (
    select c.subject_id, bool_or(is_placed_destination(c.record->>'destinationCode', (c.record->>'signedStatement')::boolean)) as placed
    from current_records c join wanted w on w.subject_id = c.subject_id
    where c.kind = 'placement'
    group by c.subject_id)
  insert into graduate_profile (subject_id, subject_key, source_organisation, source_record_id, origin_region, education_level, major_code,
                                major_group, cohort, skills, accommodation_needs, placed,
                                skills_folded, preferred_regions, preferred_occupations, preferred_contract_types, min_monthly_pay)
  select g.subject_id, k.subject_key, g.source_organisation, g.source_record_id,
         g.record->>'originRegion', g.record->>'educationLevel', g.record->>'majorCode', left(g.record->>'majorCode', 4),
         case when jsonb_typeof(g.record->'cohort') = 'number' then (g.record->>'cohort')::int end,
         json_texts(g.record->'skills'), json_texts(g.record->'accommodationNeeds'),
         coalesce(p.placed, false),
         fold_texts(json_texts(g.record->'skills')),
         json_texts(g.record->'preferences'->'regions'), json_texts(g.record->'preferences'->'occupations'),
         json_texts(g.record->'preferences'->'contractTypes'),
         case when jsonb_typeof(g.record->'preferences'->'minMonthlyPay') = 'number' then (g.record->'preferences'->>'minMonthlyPay')::int end
  from graduate g
  left join keys k on k.subject_id = g.subject_id
  left join placements p on p.subject_id = g.subject_id;
  insert into graduate_certification (subject_id, certification_type, valid_from, valid_through, source_organisation, source_record_id)
  select c.subject_id, c.record->>'certificationType', (c.record->>'validFrom')::date, (c.record->>'validThrough')::date,
         c.source_organisation, c.source_record_id
  from current_records c join (select distinct unnest(ids) as subject_id) as w on w.subject_id = c.subject_id
  where c.kind = 'certification' and c.record->>'status' = 'active'
    and c.record->>'certificationType' is not null and c.record->>'validFrom' is not null;
$$;

create or replace function refresh_vacancy_profiles(ids bigint[]) returns void language sql as $$
  delete from vacancy_profile where job_id in (select unnest(ids));
  insert into vacancy_profile (job_id, source_organisation, source_record_id, employer_credit_code, employer_name, title, occupation_code,
                               work_region, min_education_level, majors, major_groups, skills, accessibility_features, inclusive_hiring,
                               contract_type, pay_min, pay_max, positions, valid_from, valid_through, channels, skills_folded)
  select v.job_id, v.source_organisation, v.source_record_id, v.record->>'employerCreditCode', v.record->>'employerName', v.record->>'title',
         v.record->>'occupationCode', v.record->>'workRegion', v.record->>'minEducationLevel',
         json_texts(v.record->'majors'), array(select distinct left(m, 4) from unnest(json_texts(v.record->'majors')) as m order by 1),
         json_texts(v.record->'skills'), json_texts(v.record->'accessibilityFeatures'), json_texts(v.record->'inclusiveHiring'),
         v.record->>'contractType',
         case when jsonb_typeof(v.record->'payMin') = 'number' then (v.record->>'payMin')::int end,
         case when jsonb_typeof(v.record->'payMax') = 'number' then (v.record->>'payMax')::int end,
         case when jsonb_typeof(v.record->'positions') = 'number' then (v.record->>'positions')::int end,
         j.valid_from, j.valid_through,
         array(select ch.source_organisation || '/' || ch.source_record_id from job_channels ch where ch.job_id = v.job_id
               order by ch.source_organisation, ch.source_record_id),
         fold_texts(json_texts(v.record->'skills'))
  from (select distinct on (ch.job_id) ch.job_id, c.source_organisation, c.source_record_id, c.record
        from job_channels ch
        join current_records c on c.kind = 'vacancy' and c.source_organisation = ch.source_organisation and c.source_record_id = ch.source_record_id
        where ch.job_id in (select unnest(ids))
        order by ch.job_id, c.received_at desc, c.source_organisation, c.source_record_id) as v
  join jobs j on j.job_id = v.job_id;
$$;

-- Backfill from the record each profile was drawn from, one statement per table.
update graduate_profile p
set skills_folded = fold_texts(p.skills),
    preferred_regions = json_texts(c.record->'preferences'->'regions'),
    preferred_occupations = json_texts(c.record->'preferences'->'occupations'),
    preferred_contract_types = json_texts(c.record->'preferences'->'contractTypes'),
    min_monthly_pay = case when jsonb_typeof(c.record->'preferences'->'minMonthlyPay') = 'number' then (c.record->'preferences'->>'minMonthlyPay')::int end
from current_records c
where c.kind = 'graduate' and c.source_organisation = p.source_organisation and c.source_record_id = p.source_record_id;

update vacancy_profile set skills_folded = fold_texts(skills);

analyze graduate_profile;
analyze vacancy_profile;
