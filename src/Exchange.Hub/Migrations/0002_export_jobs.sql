-- Bulk export jobs (docs/read-api.md, "Bulk export"): what a client asked for, who it is, and how
-- far the background worker got. A job outlives the hub process that accepted it: any instance's
-- worker claims an accepted job, or a running one whose lease ran out (its worker stopped).
create table export_job (
  job_id uuid primary key,
  -- The caller as authenticated at kick-off: only this client may poll, download or cancel.
  client_id text not null,
  organisation text not null,
  role text not null,
  purpose text not null,
  types text[] not null,
  since timestamptz,
  -- The kick-off request as the manifest repeats it, and the base its file addresses are built on.
  request text not null,
  base_url text not null,
  state text not null
    constraint export_job_state_check check (state in ('accepted', 'running', 'completed', 'failed', 'cancelled', 'expired')),
  requested_at timestamptz not null,
  transaction_time timestamptz,
  lease_until timestamptz,
  progress text,
  completed_at timestamptz,
  expires_at timestamptz,
  -- [{type, file, count}], one per non-empty NDJSON file; deleted likewise.
  outputs jsonb,
  deleted jsonb,
  failure text
);

-- Concurrent jobs are counted per client; workers look for work and for expired files.
create index export_job_client_active on export_job (client_id) where state in ('accepted', 'running');
create index export_job_pending on export_job (requested_at) where state in ('accepted', 'running');
create index export_job_expiring on export_job (expires_at) where state = 'completed';
