-- The satisfaction report counts responses by the type of the service each rates. It joined every
-- response with the services in force on (subject, service record id): a hash of two million
-- services built for every report, 1.2 s of its 3.3 s at a million graduates. Each response now
-- carries the type of the service it rates, kept true by the same statement trigger that writes the
-- facts, in the writer's transaction, whichever of the two records came first:
--
-- * a response written gets the type of its service, if that is in force;
-- * a service written, rewritten (a newer version, a merge of subjects, a purge) or deleted sets the
--   type of the responses that rate it, before and after the change.
--
-- A response rates a service of its own subject. Should two senders hold a service of that record
-- id for one subject, the response's own sender's counts, else the first sender's by credit code:
-- a response is counted once (the join counted it once per such service).

alter table report_feedback add column service_type text;

create function report_feedback_service_type(subject bigint, service_record_id text, sender text) returns text
  language sql stable parallel safe as $$
  select sv.service_type from report_service sv
  where sv.subject_id = subject and sv.source_record_id = service_record_id
  order by sv.source_organisation = sender desc, sv.source_organisation
  limit 1
$$;

-- The facts of a response now read report_service, so the function is stable, no longer immutable.
create or replace function report_feedback_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_feedback language sql stable as $$
  select o, i, s, r->>'serviceRecordId', json_int(r->'satisfaction'), iso_date(r->>'respondedOn'),
         report_feedback_service_type(s, r->>'serviceRecordId', o)
$$;

-- As in 0013, and then the responses rating the services the statement changed. Responses are
-- written after services, so a response written with its service in one statement finds it.
create or replace function current_records_refresh_report_facts() returns trigger language plpgsql as $$
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
  if tg_op in ('UPDATE', 'DELETE') then
    if exists (select 1 from old_rows where kind = 'service') then
      update report_feedback f set service_type = report_feedback_service_type(f.subject_id, f.service_record_id, f.source_organisation)
      from (select distinct subject_id, source_record_id from old_rows where kind = 'service') c
      where f.subject_id = c.subject_id and f.service_record_id = c.source_record_id;
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    if exists (select 1 from new_rows where kind = 'service') then
      update report_feedback f set service_type = report_feedback_service_type(f.subject_id, f.service_record_id, f.source_organisation)
      from (select distinct subject_id, source_record_id from new_rows where kind = 'service') c
      where f.subject_id = c.subject_id and f.service_record_id = c.source_record_id;
    end if;
  end if;
  return null;
end
$$;

-- The responses already in force.
update report_feedback f set service_type = report_feedback_service_type(f.subject_id, f.service_record_id, f.source_organisation)
where f.service_record_id is not null;
