-- The graduates of each cohort as reports count them, kept ready: for every subject and cohort, the
-- latest graduate record of each sender, ranked by how recent it is. Reports built this population
-- per request from report_graduate (a sort of a million rows to find each subject's latest record,
-- 1.7-2.4 s at a million graduates) and copied it into a temporary table, which PostgreSQL's
-- parallel workers cannot read. Here it is a filter: all senders counted, a report reads the rows
-- of standing 1; some senders counted, the row of the smallest standing among theirs.
--
-- Derived from report_graduate alone and rewritten by statement triggers on it, as report_graduate
-- is from current_records (0013): every (cohort, subject) a statement touched, before or after, is
-- computed again from the rows it has now, in the same transaction.

create table report_cohort_member (
  cohort int not null,
  subject_id bigint not null,
  source_organisation text not null,
  -- 1 for the sender whose record is the subject's latest in the cohort, 2 for the next, and so on.
  standing int not null,
  received_at timestamptz not null,
  origin_region text collate "C",
  institution_code text,
  education_level text,
  major_code text,
  graduation_date date,
  primary key (cohort, subject_id, source_organisation)
);

-- The latest record of each sender: most recent first, then by sender and record id, so that two
-- records received at the same instant rank the same way every time.
create function report_cohort_members_of(touched_cohorts int[], touched_subjects bigint[]) returns setof report_cohort_member language sql stable as $$
  select l.cohort, l.subject_id, l.source_organisation,
         (row_number() over (partition by l.cohort, l.subject_id order by l.received_at desc, l.source_organisation, l.source_record_id desc))::int,
         l.received_at, l.origin_region, l.institution_code, l.education_level, l.major_code, l.graduation_date
  from (select distinct on (g.cohort, g.subject_id, g.source_organisation) g.*
        from report_graduate g
        join unnest(touched_cohorts, touched_subjects) as t (cohort, subject_id) on g.cohort = t.cohort and g.subject_id = t.subject_id
        order by g.cohort, g.subject_id, g.source_organisation, g.received_at desc, g.source_record_id desc) as l
$$;

create function report_graduate_refresh_cohort_members() returns trigger language plpgsql as $$
declare
  touched_cohorts int[];
  touched_subjects bigint[];
begin
  -- Nested by operation: a statement naming a transition table the operation lacks fails when planned.
  if tg_op = 'INSERT' then
    select array_agg(t.cohort), array_agg(t.subject_id) into touched_cohorts, touched_subjects
    from (select distinct cohort, subject_id from new_rows where cohort is not null and subject_id is not null) as t;
  elsif tg_op = 'UPDATE' then
    select array_agg(t.cohort), array_agg(t.subject_id) into touched_cohorts, touched_subjects
    from (select cohort, subject_id from old_rows where cohort is not null and subject_id is not null
          union
          select cohort, subject_id from new_rows where cohort is not null and subject_id is not null) as t;
  else
    select array_agg(t.cohort), array_agg(t.subject_id) into touched_cohorts, touched_subjects
    from (select distinct cohort, subject_id from old_rows where cohort is not null and subject_id is not null) as t;
  end if;
  if touched_cohorts is null then
    return null;
  end if;
  delete from report_cohort_member m
  using unnest(touched_cohorts, touched_subjects) as t (cohort, subject_id)
  where m.cohort = t.cohort and m.subject_id = t.subject_id;
  insert into report_cohort_member select * from report_cohort_members_of(touched_cohorts, touched_subjects);
  return null;
end
$$;

create trigger report_graduate_cohort_members_insert after insert on report_graduate
  referencing new table as new_rows for each statement execute function report_graduate_refresh_cohort_members();
create trigger report_graduate_cohort_members_update after update on report_graduate
  referencing old table as old_rows new table as new_rows for each statement execute function report_graduate_refresh_cohort_members();
create trigger report_graduate_cohort_members_delete after delete on report_graduate
  referencing old table as old_rows for each statement execute function report_graduate_refresh_cohort_members();

-- The graduates already in force.
insert into report_cohort_member
select m.* from (select array_agg(cohort) as cohorts, array_agg(subject_id) as subjects
                 from (select distinct cohort, subject_id from report_graduate where cohort is not null and subject_id is not null) as t) as touched,
  report_cohort_members_of(touched.cohorts, touched.subjects) as m;

analyze report_cohort_member;
