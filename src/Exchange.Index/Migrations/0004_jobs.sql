-- Vacancy deduplication across channels: one row per real job, whichever channels (an employer's
-- HR system, a JobPosting feed) announced it, and the channel references of each.
create table jobs (
  job_id bigint generated always as identity primary key,
  dedup_key text not null,
  valid_from date not null,
  valid_through date not null,
  created_at timestamptz not null
);

create index jobs_dedup_key on jobs (dedup_key);

create table job_channels (
  source_organisation text not null,
  source_record_id text not null,
  job_id bigint not null references jobs (job_id),
  envelope_id uuid not null references record_envelope (id),
  primary key (source_organisation, source_record_id)
);

create index job_channels_job on job_channels (job_id);

create view job_postings as
select j.job_id, j.dedup_key, j.valid_from, j.valid_through,
       array_agg(c.source_organisation || '/' || c.source_record_id order by c.source_organisation, c.source_record_id) as channels
from jobs j join job_channels c on c.job_id = j.job_id
group by j.job_id, j.dedup_key, j.valid_from, j.valid_through;
