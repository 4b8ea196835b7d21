-- Typed projections for search (docs/merged-index.md, "Search profiles"): what the filters of
-- GET /v1/graduates and GET /v1/vacancies read, in plain columns with indexes, instead of jsonb.
-- They are derived from current_records, subject_keys and job_channels and rewritten by triggers on
-- those tables: every path that writes them (a merge run, a merge or split of subjects, a steward's
-- decision, the purge on withdrawal, a vacancy assigned to its job) refreshes the profiles it touches
-- in its own transaction, without having to remember to.

-- One row per subject that has a graduate record in force. The graduate fields come from the
-- latest received graduate record of the subject (a graduate of two institutions is found by the
-- later record).
create table graduate_profile (
  subject_id bigint primary key,
  -- The linkage key the release service reads the subject by; null when the subject has none.
  subject_key text,
  -- Who sent the graduate record the profile is drawn from.
  source_organisation text not null,
  source_record_id text not null,
  -- GB/T 2260 code of the graduate's origin (生源地); compared as text ranges: '4101' .. '4102'.
  origin_region text collate "C",
  education_level text collate "C",
  major_code text collate "C",
  -- The first four digits of the major code: the major's group (专业类).
  major_group text collate "C",
  cohort int,
  skills text[] not null default '{}',
  accommodation_needs text[] not null default '{}',
  -- True when a placement in force has a placed destination (2024 definition, docs/reports.md).
  placed boolean not null default false
);

create index graduate_profile_origin_region on graduate_profile (origin_region, subject_id);
create index graduate_profile_education_level on graduate_profile (education_level, subject_id);
create index graduate_profile_major_code on graduate_profile (major_code, subject_id);
create index graduate_profile_major_group on graduate_profile (major_group, subject_id);
create index graduate_profile_cohort on graduate_profile (cohort, subject_id);
create index graduate_profile_skills on graduate_profile using gin (skills);
create index graduate_profile_accommodation_needs on graduate_profile using gin (accommodation_needs);
create index graduate_profile_unplaced on graduate_profile (subject_id) where not placed;

-- The active certifications of each subject, typed, for eligibility in a query.
create table graduate_certification (
  subject_id bigint not null,
  certification_type text not null,
  valid_from date not null,
  valid_through date,
  source_organisation text not null,
  source_record_id text not null,
  primary key (subject_id, source_organisation, source_record_id)
);

create index graduate_certification_type on graduate_certification (certification_type, subject_id);

-- One row per real job (table jobs), drawn from the latest received vacancy in force among the
-- job's channels.
create table vacancy_profile (
  job_id bigint primary key,
  source_organisation text not null,
  source_record_id text not null,
  employer_credit_code text,
  employer_name text,
  title text,
  occupation_code text,
  work_region text collate "C",
  min_education_level text collate "C",
  majors text[] not null default '{}',
  major_groups text[] not null default '{}',
  skills text[] not null default '{}',
  accessibility_features text[] not null default '{}',
  inclusive_hiring text[] not null default '{}',
  contract_type text,
  pay_min int,
  pay_max int,
  positions int,
  valid_from date not null,
  valid_through date not null,
  channels text[] not null default '{}'
);

create index vacancy_profile_work_region on vacancy_profile (work_region, job_id);
create index vacancy_profile_min_education_level on vacancy_profile (min_education_level, job_id);
create index vacancy_profile_validity on vacancy_profile (valid_through, valid_from);
create index vacancy_profile_majors on vacancy_profile using gin (majors);
create index vacancy_profile_major_groups on vacancy_profile using gin (major_groups);
create index vacancy_profile_skills on vacancy_profile using gin (skills);
create index vacancy_profile_accessibility_features on vacancy_profile using gin (accessibility_features);
create index vacancy_profile_inclusive_hiring on vacancy_profile using gin (inclusive_hiring);

create function json_texts(value jsonb) returns text[] language sql immutable as $$
  select coalesce(array(select jsonb_array_elements_text(value) where jsonb_typeof(value) = 'array'), '{}')
$$;

-- Placed by the 2024 definition: unit, contract or flexible employment, entrepreneurship, freelance
-- work with the graduate's signed statement, further study.
create function is_placed_destination(code text, signed_statement boolean) returns boolean language sql immutable as $$
  select code in ('10', '11', '12', '46', '75', '85') or code like '27%' or code like '50%' or code like '51%' or code like '80%'
      or (code = '76' and coalesce(signed_statement, false))
$$;

-- Set-based throughout (joins, no subquery per row): a statement that touched a hundred thousand
-- subjects, on tables whose statistics are not yet current, must not turn into a scan per subject.
create function refresh_graduate_profiles(ids bigint[]) returns void language sql as $$
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
                                major_group, cohort, skills, accommodation_needs, placed)
  select g.subject_id, k.subject_key, g.source_organisation, g.source_record_id,
         g.record->>'originRegion', g.record->>'educationLevel', g.record->>'majorCode', left(g.record->>'majorCode', 4),
         case when jsonb_typeof(g.record->'cohort') = 'number' then (g.record->>'cohort')::int end,
         json_texts(g.record->'skills'), json_texts(g.record->'accommodationNeeds'),
         coalesce(p.placed, false)
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

create function refresh_vacancy_profiles(ids bigint[]) returns void language sql as $$
  delete from vacancy_profile where job_id in (select unnest(ids));
  insert into vacancy_profile (job_id, source_organisation, source_record_id, employer_credit_code, employer_name, title, occupation_code,
                               work_region, min_education_level, majors, major_groups, skills, accessibility_features, inclusive_hiring,
                               contract_type, pay_min, pay_max, positions, valid_from, valid_through, channels)
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
               order by ch.source_organisation, ch.source_record_id)
  from (select distinct on (ch.job_id) ch.job_id, c.source_organisation, c.source_record_id, c.record
        from job_channels ch
        join current_records c on c.kind = 'vacancy' and c.source_organisation = ch.source_organisation and c.source_record_id = ch.source_record_id
        where ch.job_id in (select unnest(ids))
        order by ch.job_id, c.received_at desc, c.source_organisation, c.source_record_id) as v
  join jobs j on j.job_id = v.job_id;
$$;

-- Statement-level triggers read the rows a statement changed as transition tables, so a batch of
-- a thousand records refreshes its subjects in one pass. A trigger with transition tables serves
-- one event, hence one per event.
create function current_records_refresh_profiles() returns trigger language plpgsql as $$
declare
  subjects bigint[];
  vacancies bigint[];
begin
  if tg_op = 'INSERT' then
    subjects := array(select distinct subject_id from new_rows where subject_id is not null and kind in ('graduate', 'placement', 'certification'));
    vacancies := array(select distinct ch.job_id from new_rows n join job_channels ch using (source_organisation, source_record_id) where n.kind = 'vacancy');
  elsif tg_op = 'UPDATE' then
    subjects := array(select subject_id from new_rows where subject_id is not null and kind in ('graduate', 'placement', 'certification')
                      union select subject_id from old_rows where subject_id is not null and kind in ('graduate', 'placement', 'certification'));
    vacancies := array(select distinct ch.job_id from new_rows n join job_channels ch using (source_organisation, source_record_id) where n.kind = 'vacancy');
  else
    subjects := array(select distinct subject_id from old_rows where subject_id is not null and kind in ('graduate', 'placement', 'certification'));
    vacancies := array(select distinct ch.job_id from old_rows o join job_channels ch using (source_organisation, source_record_id) where o.kind = 'vacancy');
  end if;
  if cardinality(subjects) > 0 then
    perform refresh_graduate_profiles(subjects);
  end if;
  if cardinality(vacancies) > 0 then
    perform refresh_vacancy_profiles(vacancies);
  end if;
  return null;
end
$$;

create trigger current_records_profiles_insert after insert on current_records
  referencing new table as new_rows for each statement execute function current_records_refresh_profiles();
create trigger current_records_profiles_update after update on current_records
  referencing old table as old_rows new table as new_rows for each statement execute function current_records_refresh_profiles();
create trigger current_records_profiles_delete after delete on current_records
  referencing old table as old_rows for each statement execute function current_records_refresh_profiles();

create function subject_keys_refresh_profiles() returns trigger language plpgsql as $$
declare
  subjects bigint[];
begin
  if tg_op = 'INSERT' then
    subjects := array(select distinct subject_id from new_rows);
  elsif tg_op = 'UPDATE' then
    subjects := array(select subject_id from new_rows union select subject_id from old_rows);
  else
    subjects := array(select distinct subject_id from old_rows);
  end if;
  update graduate_profile p set subject_key = (select min(k.subject_key) from subject_keys k where k.subject_id = p.subject_id)
  where p.subject_id in (select unnest(subjects));
  return null;
end
$$;

create trigger subject_keys_profiles_insert after insert on subject_keys
  referencing new table as new_rows for each statement execute function subject_keys_refresh_profiles();
create trigger subject_keys_profiles_update after update on subject_keys
  referencing old table as old_rows new table as new_rows for each statement execute function subject_keys_refresh_profiles();
create trigger subject_keys_profiles_delete after delete on subject_keys
  referencing old table as old_rows for each statement execute function subject_keys_refresh_profiles();

create function jobs_refresh_profiles() returns trigger language plpgsql as $$
declare
  refreshed bigint[];
begin
  if tg_op = 'INSERT' then
    refreshed := array(select distinct job_id from new_rows);
  elsif tg_op = 'UPDATE' then
    refreshed := array(select job_id from new_rows union select job_id from old_rows);
  else
    refreshed := array(select distinct job_id from old_rows);
  end if;
  perform refresh_vacancy_profiles(refreshed);
  return null;
end
$$;

create trigger job_channels_profiles_insert after insert on job_channels
  referencing new table as new_rows for each statement execute function jobs_refresh_profiles();
create trigger job_channels_profiles_update after update on job_channels
  referencing old table as old_rows new table as new_rows for each statement execute function jobs_refresh_profiles();
create trigger job_channels_profiles_delete after delete on job_channels
  referencing old table as old_rows for each statement execute function jobs_refresh_profiles();
create trigger jobs_profiles_update after update on jobs
  referencing old table as old_rows new table as new_rows for each statement execute function jobs_refresh_profiles();
create trigger jobs_profiles_delete after delete on jobs
  referencing old table as old_rows for each statement execute function jobs_refresh_profiles();

-- Backfill from what the index holds, planned on current statistics.
analyze current_records;
analyze subject_keys;
analyze job_channels;
select refresh_graduate_profiles(array(select distinct subject_id from current_records where kind = 'graduate' and subject_id is not null));
select refresh_vacancy_profiles(array(select job_id from jobs));
analyze graduate_profile;
analyze graduate_certification;
analyze vacancy_profile;
