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
-- A value the facts cannot read (a day that is not a calendar day, a number out of range, a
-- boolean that is not one) is taken as null: see json_int below.

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

-- Readers of a record's values that answer null for a value they cannot read, rather than fail. The
-- hub seals records from its typed model, but anyone who may write to a record topic can put there a
-- document no validation saw, and a cast that failed here would fail the merge of its whole batch,
-- again on every retry: the merger would stand still. CASE, not AND, because only CASE fixes the
-- order in which the tests run.
create function json_int(value jsonb) returns int language sql immutable as $$
  select case when jsonb_typeof(value) = 'number' then
           case when (value #>> '{}')::numeric between -2147483648 and 2147483647
                     and (value #>> '{}')::numeric = trunc((value #>> '{}')::numeric)
                then (value #>> '{}')::numeric::int end end
$$;

create function json_bool(value jsonb) returns boolean language sql immutable as $$
  select case when jsonb_typeof(value) = 'boolean' then value::boolean end
$$;

-- A calendar day written YYYY-MM-DD, as the schemas' format date requires; null for anything else,
-- 2026-02-30 included.
create function iso_date(value text) returns date language sql immutable as $$
  select case when value ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' then
           case when substr(value, 9, 2)::int
                     <= extract(day from make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, 1) + interval '1 month' - interval '1 day')
                then make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int) end end
$$;
-- The facts of one record in force, by kind: written once, and read by the triggers below and by the
-- filling of the records already in force. Set-returning SQL functions of one SELECT, so that the
-- planner inlines them into the statement that calls them.
create function report_graduate_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_graduate language sql immutable as $$
  select o, i, s, t, json_int(r->'cohort'), r->>'originRegion', r->>'institutionCode', r->>'educationLevel', r->>'majorCode',
         iso_date(r->>'graduationDate')
$$;

create function report_certification_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_certification language sql immutable as $$
  select o, i, s, r->>'certificationType', r->>'status', iso_date(r->>'validFrom')
$$;

create function report_service_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_service language sql immutable as $$
  select o, i, s, r->>'serviceType', iso_date(r->>'deliveredOn'), r->>'vacancyRecordId', r->>'vacancyEmployerCreditCode'
$$;

-- Follow-ups in the order they were checked: the day of each check and whether the graduate was still in place.
create function report_placement_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_placement language sql immutable as $$
  select o, i, s, t, r->>'destinationCode', json_bool(r->'signedStatement'), iso_date(r->>'startDate'), r->>'employerCreditCode',
         coalesce(array(select iso_date(e.value->>'checkedOn') from jsonb_array_elements(follow_ups.value) with ordinality as e (value, n)
                        order by iso_date(e.value->>'checkedOn'), e.n), '{}'),
         coalesce(array(select json_bool(e.value->'stillInPlace') from jsonb_array_elements(follow_ups.value) with ordinality as e (value, n)
                        order by iso_date(e.value->>'checkedOn'), e.n), '{}')
  from (select case when jsonb_typeof(r->'followUps') = 'array' then r->'followUps' else '[]'::jsonb end as value) as follow_ups
$$;

create function report_feedback_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_feedback language sql immutable as $$
  select o, i, s, r->>'serviceRecordId', json_int(r->'satisfaction'), iso_date(r->>'respondedOn')
$$;

create function report_vacancy_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_vacancy language sql immutable as $$
  select o, i, r->>'employerCreditCode'
$$;

-- An update rewrites the facts of the rows it changed, whatever column changed (the subject on a
-- merge, the record on a purge); a delete forgets them. Static statements, whose plans the session
-- keeps, over the transition tables: a statement of millions of rows neither builds an array of
-- them nor loops. A statement that changed none of these kinds (a consent, a policy) does nothing.
create function current_records_refresh_report_facts() returns trigger language plpgsql as $$
begin
  -- Nested, not joined with AND: the expression is planned whole, and an insert has no old_rows.
  if tg_op in ('UPDATE', 'DELETE') then
    if exists (select 1 from old_rows where kind in ('graduate', 'certification', 'service', 'placement', 'feedback', 'vacancy')) then
      delete from report_graduate f using old_rows c
      where c.kind = 'graduate' and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id;
      delete from report_certification f using old_rows c
      where c.kind = 'certification' and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id;
      delete from report_service f using old_rows c
      where c.kind = 'service' and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id;
      delete from report_placement f using old_rows c
      where c.kind = 'placement' and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id;
      delete from report_feedback f using old_rows c
      where c.kind = 'feedback' and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id;
      delete from report_vacancy f using old_rows c
      where c.kind = 'vacancy' and f.source_organisation = c.source_organisation and f.source_record_id = c.source_record_id;
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    if exists (select 1 from new_rows where kind in ('graduate', 'certification', 'service', 'placement', 'feedback', 'vacancy')) then
      insert into report_graduate select f.* from new_rows c,
        report_graduate_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'graduate';
      insert into report_certification select f.* from new_rows c,
        report_certification_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'certification';
      insert into report_service select f.* from new_rows c,
        report_service_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'service';
      insert into report_placement select f.* from new_rows c,
        report_placement_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'placement';
      insert into report_feedback select f.* from new_rows c,
        report_feedback_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'feedback';
      insert into report_vacancy select f.* from new_rows c,
        report_vacancy_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'vacancy';
    end if;
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
insert into report_graduate select f.* from current_records c,
  report_graduate_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'graduate';
insert into report_certification select f.* from current_records c,
  report_certification_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'certification';
insert into report_service select f.* from current_records c,
  report_service_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'service';
insert into report_placement select f.* from current_records c,
  report_placement_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'placement';
insert into report_feedback select f.* from current_records c,
  report_feedback_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'feedback';
insert into report_vacancy select f.* from current_records c,
  report_vacancy_of(c.source_organisation, c.source_record_id, c.subject_id, c.received_at, c.record) f where c.kind = 'vacancy';
