-- Probabilistic resolution in the merger: what each graduate record in force offers for comparison,
-- its blocking keys, and the clerical review queue. A record leaves these tables when a newer
-- version of it is merged.
create table resolution_records (
  envelope_id uuid primary key references record_envelope (id),
  subject_id bigint not null references subjects (subject_id),
  subject_key text,
  field_values text[] not null
);

create index resolution_records_subject on resolution_records (subject_id);

create table resolution_keys (
  block_key bigint not null,
  envelope_id uuid not null references resolution_records (envelope_id) on delete cascade,
  primary key (block_key, envelope_id)
);

-- A pair the machine could neither link nor tell apart: the record (in its own subject) and the
-- subject it may belong to, with the evidence. A steward accepts (the subjects merge) or rejects.
create table reviews (
  review_id bigint generated always as identity primary key,
  envelope_id uuid not null references record_envelope (id),
  subject_id bigint not null references subjects (subject_id),
  candidate_subject_id bigint not null references subjects (subject_id),
  candidate_envelope_id uuid not null references record_envelope (id),
  match_probability double precision not null,
  evidence jsonb not null,
  state text not null default 'open' check (state in ('open', 'accepted', 'rejected', 'superseded')),
  created_at timestamptz not null,
  decided_by text,
  decided_at timestamptz
);

create index reviews_open on reviews (review_id) where state = 'open';

-- A source record and a subject a steward has said are two people: the merger never links them again.
create table distinct_pairs (
  source_organisation text not null,
  source_record_id text not null,
  subject_id bigint not null references subjects (subject_id),
  decided_by text not null,
  decided_at timestamptz not null,
  primary key (source_organisation, source_record_id, subject_id)
);

-- Stewards' decisions read from the log before the records they name were merged (a replay
-- reads topics in no fixed order across them): applied as soon as those records are in.
create table pending_decisions (
  log_topic text not null,
  log_partition int not null,
  log_offset bigint not null,
  decision jsonb not null,
  primary key (log_topic, log_partition, log_offset)
);

alter table index_changes drop constraint index_changes_kind_check;
alter table index_changes add constraint index_changes_kind_check
  check (kind in ('subject.created', 'record.linked', 'subject.merged', 'subject.split', 'review.opened', 'consent.withdrawn'));
