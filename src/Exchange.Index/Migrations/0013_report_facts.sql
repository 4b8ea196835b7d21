-- Typed facts for the evaluation system's reports (src/Exchange.Reporting, docs/reports.md): the
-- fields its figures are counted by, one row per record in force, in plain columns. Reading them out
-- of current_records' jsonb meant reading every page of every kind (a million graduates hold about
-- five million records in force) and parsing each document: 8-11 s for a single GROUP BY at a
-- million graduates, before any disclosure control. These tables are a tenth of that size.
--
-- They are derived from current_records alone and rewritten by statement triggers on it, as the
-- search profiles are (0007): every path that writes current_records — a merge run, a merge or split
-- of subjects, a steward's decision, the purge on withdrawal — rewrites the facts of the records it
-- touched in its own transaction. A purged field therefore leaves the facts with the record.
--
-- Dates are cast as the records were validated (format date); cohort and satisfaction are integers
-- in the published schemas and are taken only when they are numbers.

create table report_graduate (
  source_organisation text not null,
  source_record_id text not null,
  subject_id bigint,
  received_at timestamptz not null,
  cohort int,
  -- GB/T 2260 code of the graduate's origin (生源地); selected by prefix.
  origin_region text collate "C",
  institution_code text,
  education_level text,
  major_code text,
  graduation_date date,
  primary key (source_organisation, source_record_id)
);

create index report_graduate_cohort on report_graduate (cohort, subject_id);

create table report_certification (
  source_organisation text not null,
  source_record_id text not null,
  subject_id bigint,
  certification_type text,
  status text,
  valid_from date,
  primary key (source_organisation, source_record_id)
);

create index report_certification_subject on report_certification (subject_id);

create table report_service (
  source_organisation text not null,
  source_record_id text not null,
  subject_id bigint,
  service_type text,
  delivered_on date,
  -- A job referral's vacancy, and the employer the referral named (docs/reports.md, matching).
  vacancy_record_id text,
  vacancy_employer_credit_code text,
  primary key (source_organisation, source_record_id)
);

create index report_service_subject on report_service (subject_id);

create table report_placement (
  source_organisation text not null,
  source_record_id text not null,
  subject_id bigint,
  received_at timestamptz not null,
  destination_code text,
  signed_statement boolean,
  start_date date,
  employer_credit_code text,
  -- The follow-ups in the order they were checked: the day of each check and whether the graduate
  -- was still in place, element by element.
  follow_up_checked_on date[] not null default '{}',
  follow_up_still_in_place boolean[] not null default '{}',
  primary key (source_organisation, source_record_id)
);

create index report_placement_subject on report_placement (subject_id);

create table report_feedback (
  source_organisation text not null,
  source_record_id text not null,
  subject_id bigint,
  service_record_id text,
  satisfaction int,
  responded_on date,
  primary key (source_organisation, source_record_id)
);

create index report_feedback_subject on report_feedback (subject_id);

-- The employer of each vacancy record, for a referral that names the vacancy but not its employer.
create table report_vacancy (
  source_organisation text not null,
  source_record_id text not null,
  employer_credit_code text,
  primary key (source_organisation, source_record_id)
);

create index report_vacancy_record on report_vacancy (source_record_id);

create function json_int(value jsonb) returns int language sql immutable as $$
  select case when jsonb_typeof(value) = 'number' then (value #>> '{}')::numeric::int end
$$;

-- The statements that write the facts of the records in a relation shaped as current_records (the
-- trigger's transition table, or current_records itself for the records already in force), and
-- those that forget them. Written once and run as dynamic SQL from the trigger function itself,
-- the only place that sees its transition tables; set-based, so that a statement of millions of
-- rows neither builds an array of them nor loops.
create function report_facts_write_sql(source text) returns text[] language sql immutable as $$
  select array[
    format($q$
      insert into report_graduate (source_organisation, source_record_id, subject_id, received_at, cohort, origin_region, institution_code,
                                   education_level, major_code, graduation_date)
      select c.source_organisation, c.source_record_id, c.subject_id, c.received_at, json_int(c.record->'cohort'), c.record->>'originRegion',
             c.record->>'institutionCode', c.record->>'educationLevel', c.record->>'majorCode', (c.record->>'graduationDate')::date
      from %1$I as c where c.kind = 'graduate'$q$, source),
    format($q$
      insert into report_certification (source_organisation, source_record_id, subject_id, certification_type, status, valid_from)
      select c.source_organisation, c.source_record_id, c.subject_id, c.record->>'certificationType', c.record->>'status', (c.record->>'validFrom')::date
      from %1$I as c where c.kind = 'certification'$q$, source),
    format($q$
      insert into report_service (source_organisation, source_record_id, subject_id, service_type, delivered_on, vacancy_record_id, vacancy_employer_credit_code)
      select c.source_organisation, c.source_record_id, c.subject_id, c.record->>'serviceType', (c.record->>'deliveredOn')::date,
             c.record->>'vacancyRecordId', c.record->>'vacancyEmployerCreditCode'
      from %1$I as c where c.kind = 'service'$q$, source),
    format($q$
      insert into report_placement (source_organisation, source_record_id, subject_id, received_at, destination_code, signed_statement, start_date,
                                    employer_credit_code, follow_up_checked_on, follow_up_still_in_place)
      select c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record->>'destinationCode', (c.record->>'signedStatement')::boolean,
             (c.record->>'startDate')::date, c.record->>'employerCreditCode', coalesce(f.checked_on, '{}'), coalesce(f.still_in_place, '{}')
      from %1$I as c
      left join lateral (
        select array_agg((e.value->>'checkedOn')::date order by (e.value->>'checkedOn')::date, e.ordinality) as checked_on,
               array_agg((e.value->>'stillInPlace')::boolean order by (e.value->>'checkedOn')::date, e.ordinality) as still_in_place
        from jsonb_array_elements(case when jsonb_typeof(c.record->'followUps') = 'array' then c.record->'followUps' else '[]' end)
             with ordinality as e (value, ordinality)) as f on true
      where c.kind = 'placement'$q$, source),
    format($q$
      insert into report_feedback (source_organisation, source_record_id, subject_id, service_record_id, satisfaction, responded_on)
      select c.source_organisation, c.source_record_id, c.subject_id, c.record->>'serviceRecordId', json_int(c.record->'satisfaction'),
             (c.record->>'respondedOn')::date
      from %1$I as c where c.kind = 'feedback'$q$, source),
    format($q$
      insert into report_vacancy (source_organisation, source_record_id, employer_credit_code)
      select c.source_organisation, c.source_record_id, c.record->>'employerCreditCode'
      from %1$I as c where c.kind = 'vacancy'$q$, source)
  ]
$$;

create function report_facts_forget_sql(source text) returns text[] language sql immutable as $$
  select array(
    select format($q$
      delete from %2$I f using %1$I as c
      where c.kind = %3$L and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id$q$,
      source, 'report_' || k.kind, k.kind)
    from unnest(array['graduate', 'certification', 'service', 'placement', 'feedback', 'vacancy']) as k (kind))
$$;

-- An update rewrites the facts of the rows it changed, whatever column changed (the subject on a
-- merge, the record on a purge); a delete forgets them.
create function current_records_refresh_report_facts() returns trigger language plpgsql as $$
declare
  statement text;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    foreach statement in array report_facts_forget_sql('old_rows') loop
      execute statement;
    end loop;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    foreach statement in array report_facts_write_sql('new_rows') loop
      execute statement;
    end loop;
  end if;
  return null;
end
$$;

create trigger current_records_report_facts_insert after insert on current_records
  referencing new table as new_rows for each statement execute function current_records_refresh_report_facts();
create trigger current_records_report_facts_update after update on current_records
  referencing old table as old_rows new table as new_rows for each statement execute function current_records_refresh_report_facts();
create trigger current_records_report_facts_delete after delete on current_records
  referencing old table as old_rows for each statement execute function current_records_refresh_report_facts();

-- The records already in force.
do $$
declare
  statement text;
begin
  foreach statement in array report_facts_write_sql('current_records') loop
    execute statement;
  end loop;
end
$$;
