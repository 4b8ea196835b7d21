-- Every version of a consent the store took in, numbered from 1 in the order it took them: the
-- consent's history as a steward reads it. The consent row is always the latest version; a re-sent
-- copy that changes nothing, or a version the store refuses, adds none. Written in the same
-- transaction as the change it records.
create table consent_version (
  source_organisation text not null,
  source_record_id text not null,
  version int not null,
  change text not null check (change in ('received', 'revised', 'withdrawn')),
  recorded_at timestamptz not null,
  subject_key text not null,
  grantee_organisation text,
  grantee_role text,
  purposes text[] not null,
  categories text[] not null,
  valid_from date not null,
  valid_through date not null,
  status text not null,
  given_at timestamptz not null,
  withdrawn_at timestamptz,
  evidence_method text not null,
  evidence_reference text not null,
  primary key (source_organisation, source_record_id, version)
);

-- What the store held before its history was kept is that history's first version.
insert into consent_version (source_organisation, source_record_id, version, change, recorded_at, subject_key, grantee_organisation, grantee_role,
                             purposes, categories, valid_from, valid_through, status, given_at, withdrawn_at, evidence_method, evidence_reference)
select source_organisation, source_record_id, 1, 'received', updated_at, subject_key, grantee_organisation, grantee_role,
       purposes, categories, valid_from, valid_through, status, given_at, withdrawn_at, evidence_method, evidence_reference
from consent;
