-- Consents as the policy decision point reads them: one row per consent record, identified by
-- the sending organisation and its record id, the subject by linkage key only.
create table consent (
  source_organisation text not null,
  source_record_id text not null,
  subject_key text not null,
  grantee_organisation text,
  grantee_role text check (grantee_role in ('university', 'employer', 'bureau', 'matcher', 'steward')),
  purposes text[] not null,
  categories text[] not null,
  valid_from date not null,
  valid_through date not null,
  status text not null check (status in ('active', 'withdrawn')),
  given_at timestamptz not null,
  withdrawn_at timestamptz,
  evidence_method text not null,
  evidence_reference text not null,
  updated_at timestamptz not null,
  primary key (source_organisation, source_record_id),
  check ((grantee_organisation is null) <> (grantee_role is null)),
  check (valid_from <= valid_through),
  check ((status = 'withdrawn') = (withdrawn_at is not null))
);

create index consent_subject on consent (subject_key);

-- Outbox of consent changes that subscribers must act on (a withdrawal: forget the subject).
-- Written in the same transaction as the change; the change feed reads it by sequence.
create table consent_change (
  sequence bigint generated always as identity primary key,
  subject_key text not null,
  grantee_organisation text,
  grantee_role text,
  kind text not null check (kind in ('withdrawn')),
  at timestamptz not null,
  source_organisation text not null,
  source_record_id text not null
);
