-- The consent store is a projection of the consent topic. Where the projection stands in each
-- partition is written in the same transaction as what it applied, so a message applied before a
-- crash is never applied twice, and a writer can wait until its consent is in force.
create table projection_positions (
  projection text not null,
  topic text not null,
  partition int not null,
  next_offset bigint not null,
  updated_at timestamptz not null,
  primary key (projection, topic, partition)
);
