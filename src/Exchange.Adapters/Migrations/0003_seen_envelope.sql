-- The envelope id a record was appended with. A push that carried an Idempotency-Key seals its
-- records with ids derived from that key, so its retry after a crash recognises the records the
-- first attempt appended as its own, and answers them accepted with the same ids.
alter table seen_records add column envelope_id uuid;
