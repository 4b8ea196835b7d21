-- Data-sharing agreements between organisations. A row is one version of one agreement;
-- versions are history and are never edited or deleted: a change, revocation included, is a
-- new version (Exchange.Access.Agreements.AgreementStore).
create table agreement (
  id uuid not null,
  version int not null check (version >= 1),
  -- Whose data: a unified social credit code, or null for any provider's data.
  provider_organisation text,
  -- Exactly one of organisation (credit code) and role names the grantee.
  grantee_organisation text,
  grantee_role text check (grantee_role in ('university', 'employer', 'bureau', 'matcher', 'steward')),
  categories text[] not null,
  purposes text[] not null,
  valid_from date not null,
  valid_through date not null,
  legal_basis text not null,
  recorded_at timestamptz not null,
  recorded_by text not null,
  status text not null check (status in ('active', 'revoked')),
  primary key (id, version),
  check ((grantee_organisation is null) <> (grantee_role is null)),
  check (valid_from <= valid_through),
  check (cardinality(categories) > 0 and cardinality(purposes) > 0)
);

-- The history is the evidence of what was agreed when; refuse edits even from a buggy caller.
create function agreement_versions_are_history() returns trigger language plpgsql as $$
begin
  raise exception 'agreement versions are never updated or deleted; record a new version';
end
$$;

create trigger agreement_append_only
  before update or delete on agreement
  for each row execute function agreement_versions_are_history();
