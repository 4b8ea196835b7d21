-- The merged index, written by the merger alone from the log. record_envelope (migration 1) holds
-- every accepted version of every source record; it now also says where in the log each came from.
alter table record_envelope add column log_topic text;
alter table record_envelope add column log_partition int;
alter table record_envelope add column log_offset bigint;

-- A person the hub knows: a stable id, never renumbered and never reused. A subject that turns out
-- to be another keeps its row, marked merged into the one that survives.
create table subjects (
  subject_id bigint generated always as identity primary key,
  state text not null default 'active' check (state in ('active', 'merged')),
  merged_into bigint references subjects (subject_id),
  version int not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((state = 'merged') = (merged_into is not null))
);

-- The linkage keys a subject is known by; a key names one subject.
create table subject_keys (
  subject_key text primary key,
  subject_id bigint not null references subjects (subject_id)
);

create index subject_keys_subject on subject_keys (subject_id);

-- Which subject each source record version belongs to, and why: the rule, its score and the
-- evidence of each comparison, decided by the machine or a steward.
create table links (
  envelope_id uuid primary key references record_envelope (id),
  subject_id bigint not null references subjects (subject_id),
  rule text not null,
  score double precision not null,
  evidence jsonb,
  decided_by text not null check (decided_by in ('machine', 'steward')),
  decided_at timestamptz not null
);

create index links_subject on links (subject_id);

-- The version in force of each source record: the latest received.
create table current_records (
  kind text not null,
  source_organisation text not null,
  source_record_id text not null,
  envelope_id uuid not null references record_envelope (id),
  subject_id bigint references subjects (subject_id),
  received_at timestamptz not null,
  record jsonb not null,
  primary key (kind, source_organisation, source_record_id)
);

create index current_records_subject on current_records (subject_id);

create view graduates as select * from current_records where kind = 'graduate';
create view vacancies as select * from current_records where kind = 'vacancy';
create view certifications as select * from current_records where kind = 'certification';
create view policies as select * from current_records where kind = 'policy';
create view services as select * from current_records where kind = 'service';
create view placements as select * from current_records where kind = 'placement';
create view consents as select * from current_records where kind = 'consent';
create view feedback as select * from current_records where kind = 'feedback';

-- What changed in the index, for downstream consumers: a subject created, a record linked, a
-- merge (from one subject to another) or a split. Written in the same transaction as the change.
create table index_changes (
  sequence bigint generated always as identity primary key,
  kind text not null check (kind in ('subject.created', 'record.linked', 'subject.merged', 'subject.split')),
  subject_id bigint not null,
  from_subject_id bigint,
  envelope_id uuid,
  at timestamptz not null
);

-- Where the merger stands in each partition of each topic, written with what it merged.
create table merger_positions (
  topic text not null,
  partition int not null,
  next_offset bigint not null,
  updated_at timestamptz not null,
  primary key (topic, partition)
);
