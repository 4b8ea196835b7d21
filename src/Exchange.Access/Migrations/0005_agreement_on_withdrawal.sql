-- What an agreement says happens on withdrawal of consent. Existing versions retain: withdrawal
-- does not undo earlier lawful processing (PIPL art. 15), so erasing is only ever agreed anew.
-- Adding a column with a constant default rewrites no row, so the append-only trigger is not hit.
alter table agreement add column on_withdrawal text not null default 'retain' check (on_withdrawal in ('retain', 'erase'));

-- The merged index asks this when it merges a withdrawn consent, inside its own transaction
-- (docs/merged-index.md, "Erase on withdrawal"). It answers from the version of each agreement in
-- force when the withdrawal was received: versions are history and never edited, so replaying the
-- log into an empty index gets the same answers. One row per agreement that says erase, is active
-- and valid on that day (China Standard Time, as PolicyCalendar), names the same grantee as the
-- consent (the same organisation, or the same role), shares a purpose with it, and covers a
-- sensitive category the consent covers: whose data it is (null for any provider's) and which
-- sensitive categories to erase.
create function withdrawal_erasures(
  consent_grantee_organisation text, consent_grantee_role text, consent_purposes text[], consent_categories text[], withdrawn_at timestamptz)
returns table (provider_organisation text, categories text[])
-- The body names the agreement table of this schema, whatever the caller's search path.
language sql stable set search_path from current as $$
  select a.provider_organisation, erased.categories
  from (select distinct on (id) * from agreement where recorded_at <= withdrawn_at order by id, version desc) as a
  cross join lateral (
    select array(select c from unnest(a.categories) as c where c in ('hardship', 'disability') and c = any (consent_categories) order by c) as categories
  ) as erased
  where a.on_withdrawal = 'erase'
    and a.status = 'active'
    and (withdrawn_at at time zone interval '+08:00')::date between a.valid_from and a.valid_through
    and ((a.grantee_organisation is not null and a.grantee_organisation = consent_grantee_organisation)
         or (a.grantee_role is not null and a.grantee_role = consent_grantee_role))
    and a.purposes && consent_purposes
    and cardinality(erased.categories) > 0
  order by a.id
$$;
