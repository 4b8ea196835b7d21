-- The ingest boundary (schema "ingest"): which records were already appended, and where each
-- pull adapter stands.

-- (source organisation, source record id, content hash) of every record appended to the log.
-- A row is written only after the append succeeded, so a row here always means "in the log".
create table seen_records (
  source_organisation text not null,
  source_record_id text not null,
  content_hash text not null,
  first_seen_at timestamptz not null default now(),
  primary key (source_organisation, source_record_id, content_hash)
);

-- One row per pull adapter instance; position is adapter-specific text (a cursor, or JSON).
create table checkpoints (
  adapter_id text primary key,
  position text not null,
  updated_at timestamptz not null default now()
);
