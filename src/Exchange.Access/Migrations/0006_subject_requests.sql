-- A graduate's request to have a record corrected (PIPL art. 46) or deleted (art. 47), made on the
-- graduate's pages and handled by a data steward. The hub changes no record itself: the steward has
-- the sending organisation correct or delete it at its source, and notes what was done. The subject
-- is its linkage key only; free text is stored with any resident id in it already scrubbed.
create table subject_request (
  id uuid primary key,
  subject_key text not null,
  -- The university client that vouched for the graduate, and its organisation.
  vouched_by_client text not null,
  vouched_by_organisation text not null,
  kind text not null check (kind in ('correction', 'deletion')),
  -- Which record (kind, sender, sender's record id), or null for everything the hub holds.
  record_kind text,
  record_source_organisation text,
  record_source_id text,
  field text,
  details text not null check (length(details) between 1 and 2000),
  contact text not null check (contact in ('university', 'email', 'phone')),
  contact_detail text,
  created_at timestamptz not null,
  status text not null check (status in ('open', 'handled')),
  handled_at timestamptz,
  handled_by text,
  handler_note text,
  check ((status = 'open') = (handled_at is null)),
  check ((record_kind is null) = (record_source_id is null))
);

create index subject_request_by_subject on subject_request (subject_key, created_at);
create index subject_request_open on subject_request (created_at) where status = 'open';
