-- The matching report judges each job referral: did a placement with the referred vacancy's
-- employer follow it by the as-of day? It joined every referral with the vacancies and with every
-- placement of its graduate and grouped the pairs per referral: at a million graduates 2.6-3.6 s
-- for the query alone. The judgement depends on the as-of day only through a comparison, so each
-- referral keeps the start of the first placement that followed it with its employer,
-- placement_followed_on: a placement followed by the day if and only if that start is on or before
-- it.
--
-- The employer is the one the referral names (vacancyEmployerCreditCode); a referral naming only
-- its vacancy's record id, which two employers may both use, is judged by the employer of any
-- vacancy of that id (docs/reports.md, matching). Kept true in the writer's transaction whichever
-- record comes first: a referral written reads the placements and vacancies in force; a statement
-- on report_placement judges again every referral of the subjects it touched, before or after; one
-- on report_vacancy every referral naming only a record id it touched.

alter table report_service add column placement_followed_on date;

create function report_referral_placed_on(subject bigint, referred_on date, vacancy_record_id text, employer text) returns date
  language sql stable parallel safe as $$
  select min(pl.start_date) from report_placement pl
  where pl.subject_id = subject and pl.start_date >= referred_on
    and (pl.employer_credit_code = employer
         or employer is null and pl.employer_credit_code in (select v.employer_credit_code from report_vacancy v where v.source_record_id = vacancy_record_id))
$$;

-- As in 0013, with the referral judged against what is in force: stable, no longer immutable.
create or replace function report_service_of(o text, i text, s bigint, t timestamptz, r jsonb) returns setof report_service language sql stable as $$
  select o, i, s, r->>'serviceType', iso_date(r->>'deliveredOn'), r->>'vacancyRecordId', r->>'vacancyEmployerCreditCode',
         case when r->>'serviceType' = 'job-referral'
              then report_referral_placed_on(s, iso_date(r->>'deliveredOn'), r->>'vacancyRecordId', r->>'vacancyEmployerCreditCode') end
$$;

create function report_placement_refresh_referrals() returns trigger language plpgsql as $$
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
    update report_service sv
    set placement_followed_on = report_referral_placed_on(sv.subject_id, sv.delivered_on, sv.vacancy_record_id, sv.vacancy_employer_credit_code)
    from unnest(touched) as t (subject_id)
    where sv.subject_id = t.subject_id and sv.service_type = 'job-referral'
      and sv.placement_followed_on is distinct from report_referral_placed_on(sv.subject_id, sv.delivered_on, sv.vacancy_record_id, sv.vacancy_employer_credit_code);
  end if;
  return null;
end
$$;

create function report_vacancy_refresh_referrals() returns trigger language plpgsql as $$
declare
  touched text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct source_record_id) into touched from new_rows;
  elsif tg_op = 'UPDATE' then
    select array_agg(t.source_record_id) into touched from (select source_record_id from old_rows union select source_record_id from new_rows) as t;
  else
    select array_agg(distinct source_record_id) into touched from old_rows;
  end if;
  if touched is not null then
    update report_service sv
    set placement_followed_on = report_referral_placed_on(sv.subject_id, sv.delivered_on, sv.vacancy_record_id, sv.vacancy_employer_credit_code)
    from unnest(touched) as t (vacancy_record_id)
    where sv.vacancy_record_id = t.vacancy_record_id and sv.vacancy_employer_credit_code is null and sv.service_type = 'job-referral'
      and sv.placement_followed_on is distinct from report_referral_placed_on(sv.subject_id, sv.delivered_on, sv.vacancy_record_id, sv.vacancy_employer_credit_code);
  end if;
  return null;
end
$$;

create index report_service_vacancy on report_service (vacancy_record_id) where vacancy_employer_credit_code is null and service_type = 'job-referral';

create trigger report_placement_referrals_insert after insert on report_placement
  referencing new table as new_rows for each statement execute function report_placement_refresh_referrals();
create trigger report_placement_referrals_update after update on report_placement
  referencing old table as old_rows new table as new_rows for each statement execute function report_placement_refresh_referrals();
create trigger report_placement_referrals_delete after delete on report_placement
  referencing old table as old_rows for each statement execute function report_placement_refresh_referrals();
create trigger report_vacancy_referrals_insert after insert on report_vacancy
  referencing new table as new_rows for each statement execute function report_vacancy_refresh_referrals();
create trigger report_vacancy_referrals_update after update on report_vacancy
  referencing old table as old_rows new table as new_rows for each statement execute function report_vacancy_refresh_referrals();
create trigger report_vacancy_referrals_delete after delete on report_vacancy
  referencing old table as old_rows for each statement execute function report_vacancy_refresh_referrals();

-- The referrals already in force.
update report_service sv
set placement_followed_on = report_referral_placed_on(sv.subject_id, sv.delivered_on, sv.vacancy_record_id, sv.vacancy_employer_credit_code)
where sv.service_type = 'job-referral';
