-- The merger's candidate read takes up to 100 rows of resolution_keys for each blocking key of a
-- run, and the rows of one key were written at different times, so nearly every row it took sat on
-- a heap page of its own (12,483 pages for 12,762 rows in one measured read): the read waited on
-- random page reads for a column the index did not hold. Each index the read uses now carries what
-- the read returns, so that it is answered from the index alone wherever the visibility map allows
-- (docs/benchmarks.md, "Where the keyless merge's time goes").
alter table resolution_keys
  drop constraint resolution_keys_pkey,
  add constraint resolution_keys_pkey primary key (block_key, envelope_id) include (subject_keyless);

drop index resolution_keys_subject_keyless;
create index resolution_keys_subject_keyless on resolution_keys (block_key) include (envelope_id) where subject_keyless;
