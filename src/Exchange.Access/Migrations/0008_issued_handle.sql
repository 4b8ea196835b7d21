-- Every handle the release service has given out, to whom, and which subject key it stands for:
-- the only way back from a handle to its subject. A handle resolves for the organisation it was
-- released to and for no other, so a handle seen elsewhere names nothing. Keys move with merges
-- and splits in the index, so a handle keeps naming the subject its key belongs to now.
create table issued_handle (
  organisation text not null,
  handle text not null,
  subject_key text not null,
  first_released_at timestamptz not null,
  primary key (organisation, handle)
);

-- Stewards see every organisation's handles in the audit and look a subject up by any of them.
create index issued_handle_handle on issued_handle (handle);
