-- The embedded event log (schema "log"): topics split into partitions, each an ordered,
-- gapless sequence of messages, plus consumer groups' members, partition leases and offsets.

create table topics (
  name text primary key,
  partitions int not null check (partitions > 0),
  created_at timestamptz not null default now()
);

-- One head row per partition. Appenders lock it (select ... for update) to take offsets, so
-- offsets are assigned and committed in the same order: see EmbeddedAppender.
create table partitions (
  topic text not null references topics (name),
  partition int not null check (partition >= 0),
  next_offset bigint not null default 0,
  -- Timestamps never go backwards within a partition, so "first offset at or after a time" is well defined.
  last_appended_at timestamptz not null default '-infinity',
  primary key (topic, partition)
);

create table messages (
  topic text not null,
  partition int not null,
  log_offset bigint not null,
  key text null,
  headers jsonb not null,
  value bytea not null,
  appended_at timestamptz not null,
  primary key (topic, partition, log_offset)
) with (fillfactor = 100);

create index messages_by_time on messages (topic, partition, appended_at, log_offset);

-- Live members of each consumer group; a member that stops renewing expires.
create table group_members (
  group_id text not null,
  member_id text not null,
  topics text[] not null,
  expires_at timestamptz not null,
  primary key (group_id, member_id)
);

-- Which member holds which partition for a group; a lease past expires_at may be taken.
create table partition_leases (
  group_id text not null,
  topic text not null,
  partition int not null,
  member_id text not null,
  expires_at timestamptz not null,
  primary key (group_id, topic, partition)
);

-- The next offset each group will read per partition: everything before it is processed.
create table group_offsets (
  group_id text not null,
  topic text not null,
  partition int not null,
  next_offset bigint not null,
  committed_at timestamptz not null,
  primary key (group_id, topic, partition)
);
