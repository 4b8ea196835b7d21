-- The search profiles (0007, 0010) read a record's values with the readers the report facts use
-- (0013: json_int, json_bool, iso_date) instead of casting them. The hub seals records from its
-- typed model, but anyone who may write to a record topic can put there a document no validation
-- saw: a cohort of 1e20, a signed statement of "yes", a certification valid from 2026-02-30. A cast
-- that failed inside the profiles' trigger failed the merge of the whole batch, on every retry, and
-- stood the merger still. An unreadable value is now null in the profile.
--
-- An active certification whose first day cannot be read, or whose last day is given but cannot be
-- read, is not typed for eligibility: an unreadable end is no open end.

-- As in 0010, with the readers.
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
    select c.subject_id, bool_or(is_placed_destination(c.record->>'destinationCode', json_bool(c.record->'signedStatement'))) as placed
    from current_records c join wanted w on w.subject_id = c.subject_id
    where c.kind = 'placement'
    group by c.subject_id)
  insert into graduate_profile (subject_id, subject_key, source_organisation, source_record_id, origin_region, education_level, major_code,
                                major_group, cohort, skills, accommodation_needs, placed,
                                skills_folded, preferred_regions, preferred_occupations, preferred_contract_types, min_monthly_pay)
  select g.subject_id, k.subject_key, g.source_organisation, g.source_record_id,
         g.record->>'originRegion', g.record->>'educationLevel', g.record->>'majorCode', left(g.record->>'majorCode', 4),
         json_int(g.record->'cohort'),
         json_texts(g.record->'skills'), json_texts(g.record->'accommodationNeeds'),
         coalesce(p.placed, false),
         fold_texts(json_texts(g.record->'skills')),
         json_texts(g.record->'preferences'->'regions'), json_texts(g.record->'preferences'->'occupations'),
         json_texts(g.record->'preferences'->'contractTypes'),
         json_int(g.record->'preferences'->'minMonthlyPay')
  from graduate g
  left join keys k on k.subject_id = g.subject_id
  left join placements p on p.subject_id = g.subject_id;
  insert into graduate_certification (subject_id, certification_type, valid_from, valid_through, source_organisation, source_record_id)
  select c.subject_id, c.record->>'certificationType', iso_date(c.record->>'validFrom'), iso_date(c.record->>'validThrough'),
         c.source_organisation, c.source_record_id
  from current_records c join (select distinct unnest(ids) as subject_id) as w on w.subject_id = c.subject_id
  where c.kind = 'certification' and c.record->>'status' = 'active'
    and c.record->>'certificationType' is not null and iso_date(c.record->>'validFrom') is not null
    and (c.record->>'validThrough' is null or iso_date(c.record->>'validThrough') is not null);
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
         json_int(v.record->'payMin'),
         json_int(v.record->'payMax'),
         json_int(v.record->'positions'),
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
