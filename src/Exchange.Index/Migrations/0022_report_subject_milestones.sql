-- Each graduate's milestones, kept ready on the rows reports count (report_cohort_member, 0016): when
-- the subject was registered, from when it was certified in each disadvantaged category, its first
-- service, first job referral, first placement that counts under each definition, first employment
-- (with whether it lasted 6 and 12 months) and its latest placement. Every report grouped the whole
-- population's certifications to rank each graduate's category, and the outcomes, response-time,
-- stability and fairness reports grouped or sorted every service or placement per graduate besides,
-- or joined the million subjects: at a million graduates 2-3.6 s per query, most of it in those
-- per-subject aggregates and joins. Kept on the member rows, a report's population is one table read.
--
-- Each milestone depends on the report's as-of day only through a comparison: the first service
-- delivered by the day is the first service if that was delivered by the day, and none otherwise;
-- a category counts from its earliest certification; the first placement that counts and the first
-- employment likewise. Only the latest placement begun by the day is not: when the latest placement
-- began after the day, a report looks for the one before it (report_latest_placement), for those
-- graduates alone.
--
-- Derived from subjects, report_certification, report_service and report_placement, and kept true
-- in the writer's transaction: a member row written (0016's trigger) reads its subject's milestones
-- as they are then, and a statement on any of the three facts tables computes again the milestones
-- of every subject it touched, before or after, and writes them on that subject's member rows. The
-- merger is the index's one writer. A subject's registration (subjects.created_at) never changes.

alter table report_cohort_member
  add column registered_at timestamptz,
  -- The earliest day an active or expired certification of each category is valid from, in the
  -- order reports rank the categories (Exchange.Reporting Population.CategoryByRank).
  add column disability_from date,
  add column extreme_poverty_support_from date,
  add column orphan_from date,
  add column minimum_living_allowance_from date,
  add column zero_employment_family_from date,
  add column poverty_alleviation_from date,
  add column long_term_unemployed_from date,
  add column first_service_on date,
  add column first_referral_on date,
  -- The start of the first placement in a placed category of the 2021 and of the 2024 definition.
  add column first_placed_2021_on date,
  add column first_placed_2024_on date,
  -- The first employment (report_employment) and its verdicts at 6 and 12 months (0021).
  add column first_employment_start date,
  add column first_employment_at_6_months text,
  add column first_employment_at_12_months text,
  -- The latest placement with a start, as report_latest_placement orders them.
  add column latest_placement_start date,
  add column latest_destination_code text,
  add column latest_signed_statement boolean;

create index report_cohort_member_subject on report_cohort_member (subject_id);
-- The graduates whose latest placement began after a report's as-of day, found without reading the cohort.
create index report_cohort_member_latest_placement on report_cohort_member (cohort, latest_placement_start);

-- Whether a placement is in a placed category of the Ministry's 2021 or 2024 definition of the
-- placement rate (docs/reports.md). Exchange.Reporting's Destinations classifies the same codes, and
-- a test holds the two to the same answer for every destination code.
create function report_placed_under(formula int, destination_code text, signed_statement boolean) returns boolean
  language sql immutable parallel safe as $$
  select case formula
           when 2021 then left(destination_code, 2) in ('10', '11', '12', '27', '46', '50', '51', '75', '76', '77', '80', '85')
           when 2024 then left(destination_code, 2) in ('10', '11', '12', '27', '46', '50', '51', '75', '80', '85')
                          or left(destination_code, 2) = '76' and coalesce(signed_statement, false)
         end
$$;

-- Whether a placement is employment, which the stability report follows: unit, contract, flexible
-- and freelance work and entrepreneurship; not further study nor waiting.
create function report_employment(destination_code text) returns boolean language sql immutable parallel safe as $$
  select left(destination_code, 2) in ('10', '11', '12', '27', '46', '50', '51', '75', '76', '77')
$$;

-- A subject's latest placement begun by a day: the latest start, then the latest received; of two
-- received at the same instant the sender and record id decide, so that a rerun reads the same one.
create function report_latest_placement(subject bigint, by_day date) returns report_placement
  language sql stable parallel safe as $$
  select pl.* from report_placement pl
  where pl.subject_id = subject and pl.start_date <= by_day
  order by pl.start_date desc, pl.received_at desc, pl.source_organisation, pl.source_record_id
  limit 1
$$;

-- The milestones of each subject named, one row each, nulls where a subject has none.
create function report_subject_milestones_of(touched bigint[])
  returns table (subject_id bigint, disability_from date, extreme_poverty_support_from date, orphan_from date,
                 minimum_living_allowance_from date, zero_employment_family_from date, poverty_alleviation_from date,
                 long_term_unemployed_from date, first_service_on date, first_referral_on date, first_placed_2021_on date,
                 first_placed_2024_on date, first_employment_start date, first_employment_at_6_months text,
                 first_employment_at_12_months text, latest_placement_start date, latest_destination_code text,
                 latest_signed_statement boolean)
  language sql stable as $$
  select t.subject_id, c.disability_from, c.extreme_poverty_support_from, c.orphan_from, c.minimum_living_allowance_from,
         c.zero_employment_family_from, c.poverty_alleviation_from, c.long_term_unemployed_from,
         s.first_service_on, s.first_referral_on, p.first_placed_2021_on, p.first_placed_2024_on,
         e.start_date, e.status_at_6_months, e.status_at_12_months, l.start_date, l.destination_code, l.signed_statement
  from (select distinct u.subject_id from unnest(touched) as u (subject_id) where u.subject_id is not null) as t
  cross join lateral (
    select min(c.valid_from) filter (where c.certification_type = 'disability') as disability_from,
           min(c.valid_from) filter (where c.certification_type = 'extreme-poverty-support') as extreme_poverty_support_from,
           min(c.valid_from) filter (where c.certification_type = 'orphan') as orphan_from,
           min(c.valid_from) filter (where c.certification_type = 'minimum-living-allowance') as minimum_living_allowance_from,
           min(c.valid_from) filter (where c.certification_type = 'zero-employment-family') as zero_employment_family_from,
           min(c.valid_from) filter (where c.certification_type = 'poverty-alleviation') as poverty_alleviation_from,
           min(c.valid_from) filter (where c.certification_type = 'long-term-unemployed') as long_term_unemployed_from
    from report_certification c where c.subject_id = t.subject_id and c.status in ('active', 'expired')) as c
  cross join lateral (
    select min(sv.delivered_on) as first_service_on, min(sv.delivered_on) filter (where sv.service_type = 'job-referral') as first_referral_on
    from report_service sv where sv.subject_id = t.subject_id) as s
  cross join lateral (
    select min(pl.start_date) filter (where report_placed_under(2021, pl.destination_code, pl.signed_statement)) as first_placed_2021_on,
           min(pl.start_date) filter (where report_placed_under(2024, pl.destination_code, pl.signed_statement)) as first_placed_2024_on
    from report_placement pl where pl.subject_id = t.subject_id) as p
  left join lateral (
    -- Of two employments starting the same day, the sender and record id decide, as for the latest.
    select pl.start_date, pl.status_at_6_months, pl.status_at_12_months from report_placement pl
    where pl.subject_id = t.subject_id and report_employment(pl.destination_code) and pl.start_date is not null
    order by pl.start_date, pl.source_organisation, pl.source_record_id
    limit 1) as e on true
  left join lateral report_latest_placement(t.subject_id, 'infinity') as l on true
$$;

-- As in 0016, each member row with its subject's registration and milestones as they are now.
create or replace function report_cohort_members_of(touched_cohorts int[], touched_subjects bigint[]) returns setof report_cohort_member language sql stable as $$
  select l.cohort, l.subject_id, l.source_organisation,
         (row_number() over (partition by l.cohort, l.subject_id order by l.received_at desc, l.source_organisation, l.source_record_id desc))::int,
         l.received_at, l.origin_region, l.institution_code, l.education_level, l.major_code, l.graduation_date,
         s.created_at, ms.disability_from, ms.extreme_poverty_support_from, ms.orphan_from, ms.minimum_living_allowance_from,
         ms.zero_employment_family_from, ms.poverty_alleviation_from, ms.long_term_unemployed_from, ms.first_service_on,
         ms.first_referral_on, ms.first_placed_2021_on, ms.first_placed_2024_on, ms.first_employment_start,
         ms.first_employment_at_6_months, ms.first_employment_at_12_months, ms.latest_placement_start,
         ms.latest_destination_code, ms.latest_signed_statement
  from (select distinct on (g.cohort, g.subject_id, g.source_organisation) g.*
        from report_graduate g
        join unnest(touched_cohorts, touched_subjects) as t (cohort, subject_id) on g.cohort = t.cohort and g.subject_id = t.subject_id
        order by g.cohort, g.subject_id, g.source_organisation, g.received_at desc, g.source_record_id desc) as l
  left join subjects s on s.subject_id = l.subject_id
  left join report_subject_milestones_of(touched_subjects) as ms on ms.subject_id = l.subject_id
$$;

-- The milestones of the subjects named, computed again and written on every member row they have.
create function report_cohort_members_refresh_milestones(touched bigint[]) returns void language sql as $$
  update report_cohort_member m
  set disability_from = ms.disability_from, extreme_poverty_support_from = ms.extreme_poverty_support_from, orphan_from = ms.orphan_from,
      minimum_living_allowance_from = ms.minimum_living_allowance_from, zero_employment_family_from = ms.zero_employment_family_from,
      poverty_alleviation_from = ms.poverty_alleviation_from, long_term_unemployed_from = ms.long_term_unemployed_from,
      first_service_on = ms.first_service_on, first_referral_on = ms.first_referral_on, first_placed_2021_on = ms.first_placed_2021_on,
      first_placed_2024_on = ms.first_placed_2024_on, first_employment_start = ms.first_employment_start,
      first_employment_at_6_months = ms.first_employment_at_6_months, first_employment_at_12_months = ms.first_employment_at_12_months,
      latest_placement_start = ms.latest_placement_start, latest_destination_code = ms.latest_destination_code,
      latest_signed_statement = ms.latest_signed_statement
  from report_subject_milestones_of(array(select distinct c.subject_id from report_cohort_member c join unnest(touched) as t (subject_id) on c.subject_id = t.subject_id)) as ms
  where m.subject_id = ms.subject_id
    -- A row whose milestones did not change is not written again: a statement that touched a
    -- subject without moving a milestone (a referral judged again, say) leaves no dead row behind.
    and (m.disability_from, m.extreme_poverty_support_from, m.orphan_from, m.minimum_living_allowance_from, m.zero_employment_family_from,
         m.poverty_alleviation_from, m.long_term_unemployed_from, m.first_service_on, m.first_referral_on, m.first_placed_2021_on,
         m.first_placed_2024_on, m.first_employment_start, m.first_employment_at_6_months, m.first_employment_at_12_months,
         m.latest_placement_start, m.latest_destination_code, m.latest_signed_statement)
        is distinct from
        (ms.disability_from, ms.extreme_poverty_support_from, ms.orphan_from, ms.minimum_living_allowance_from, ms.zero_employment_family_from,
         ms.poverty_alleviation_from, ms.long_term_unemployed_from, ms.first_service_on, ms.first_referral_on, ms.first_placed_2021_on,
         ms.first_placed_2024_on, ms.first_employment_start, ms.first_employment_at_6_months, ms.first_employment_at_12_months,
         ms.latest_placement_start, ms.latest_destination_code, ms.latest_signed_statement)
$$;

-- The subjects a statement on a facts table touched, before or after.
create function report_facts_refresh_milestones() returns trigger language plpgsql as $$
declare
  touched bigint[];
begin
  -- Nested by operation: a statement naming a transition table the operation lacks fails when planned.
  if tg_op = 'INSERT' then
    select array_agg(distinct subject_id) into touched from new_rows where subject_id is not null;
  elsif tg_op = 'UPDATE' then
    select array_agg(t.subject_id) into touched
    from (select subject_id from old_rows where subject_id is not null union select subject_id from new_rows where subject_id is not null) as t;
  else
    select array_agg(distinct subject_id) into touched from old_rows where subject_id is not null;
  end if;
  if touched is not null then
    perform report_cohort_members_refresh_milestones(touched);
  end if;
  return null;
end
$$;

create trigger report_certification_milestones_insert after insert on report_certification
  referencing new table as new_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_certification_milestones_update after update on report_certification
  referencing old table as old_rows new table as new_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_certification_milestones_delete after delete on report_certification
  referencing old table as old_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_service_milestones_insert after insert on report_service
  referencing new table as new_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_service_milestones_update after update on report_service
  referencing old table as old_rows new table as new_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_service_milestones_delete after delete on report_service
  referencing old table as old_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_placement_milestones_insert after insert on report_placement
  referencing new table as new_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_placement_milestones_update after update on report_placement
  referencing old table as old_rows new table as new_rows for each statement execute function report_facts_refresh_milestones();
create trigger report_placement_milestones_delete after delete on report_placement
  referencing old table as old_rows for each statement execute function report_facts_refresh_milestones();

-- The members already counted.
update report_cohort_member m set registered_at = s.created_at from subjects s where s.subject_id = m.subject_id;
select report_cohort_members_refresh_milestones(array(select distinct subject_id from report_cohort_member));

analyze report_cohort_member;
