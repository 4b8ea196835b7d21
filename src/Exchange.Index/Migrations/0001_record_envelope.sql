-- The envelope that carries one canonical record through the hub. A record is identified by
-- (source organisation, source record id, content hash): re-sending the same content is a
-- duplicate, never a second row, which is what makes ingest and replay idempotent.
create table record_envelope (
  id uuid primary key,
  kind text not null
    constraint record_envelope_kind_check
    check (kind in ('graduate', 'vacancy', 'certification', 'policy', 'service', 'placement', 'consent', 'feedback')),
  schema_version text not null,
  source_organisation text not null,
  source_record_id text not null,
  -- Lower-case hex SHA-256 only: the same hash written in two cases would slip past the unique key.
  content_hash text not null
    constraint record_envelope_content_hash_check
    check (content_hash ~ '^[0-9a-f]{64}$'),
  -- Pseudonymous linkage key (keyed hash of the subject's identifier); a clear id never lands here.
  subject_key text,
  received_at timestamptz not null,
  record jsonb not null
    constraint record_envelope_record_check
    check (jsonb_typeof(record) = 'object'),
  constraint record_envelope_source_key unique (source_organisation, source_record_id, content_hash)
);

-- The merger and the query API look records up by kind and subject.
create index record_envelope_kind_subject_key_idx on record_envelope (kind, subject_key);
