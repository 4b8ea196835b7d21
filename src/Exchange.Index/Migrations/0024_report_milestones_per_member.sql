-- Each member row written reads its own subject's milestones, once (0022 computed them for every
-- subject the statement touched and joined them to each member row). In the merger's trigger the
-- plan is generic, so PostgreSQL expected ten subjects and ran the whole computation again for every
-- member row: a batch of 464 new graduates computed 215,296 subjects' milestones, 2.8 s, and the
-- merge fell from about 2,500 to under 1,000 records a second at 100,000 records. Likewise the
-- refresh after a statement on a facts table computes each touched subject's milestones once and
-- finds its member rows by index, where it hashed the whole of report_cohort_member.

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
  left join lateral report_subject_milestones_of(array[l.subject_id]) as ms on true
$$;

create or replace function report_cohort_members_refresh_milestones(touched bigint[]) returns void language sql as $$
  with ms as materialized (
    select ms.*
    from (select distinct c.subject_id from report_cohort_member c where c.subject_id = any(touched)) as c
    cross join lateral report_subject_milestones_of(array[c.subject_id]) as ms)
  update report_cohort_member m
  set disability_from = ms.disability_from, extreme_poverty_support_from = ms.extreme_poverty_support_from, orphan_from = ms.orphan_from,
      minimum_living_allowance_from = ms.minimum_living_allowance_from, zero_employment_family_from = ms.zero_employment_family_from,
      poverty_alleviation_from = ms.poverty_alleviation_from, long_term_unemployed_from = ms.long_term_unemployed_from,
      first_service_on = ms.first_service_on, first_referral_on = ms.first_referral_on, first_placed_2021_on = ms.first_placed_2021_on,
      first_placed_2024_on = ms.first_placed_2024_on, first_employment_start = ms.first_employment_start,
      first_employment_at_6_months = ms.first_employment_at_6_months, first_employment_at_12_months = ms.first_employment_at_12_months,
      latest_placement_start = ms.latest_placement_start, latest_destination_code = ms.latest_destination_code,
      latest_signed_statement = ms.latest_signed_statement
  from ms
  where m.subject_id = ms.subject_id and m.subject_id = any(touched)
    -- As in 0022: a row whose milestones did not change is not written again.
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
