-- The merger inserts an envelope for every record version, and its content-hash check matched the
-- hash against ^[0-9a-f]{64}$: PostgreSQL's regular expressions run a bounded repeat slowly (the
-- audit log's hash checks, checked the same way, cost about as much as a row's indexes; Access
-- migration 0011). The same check as 64 characters none of which is left once the hex digits are
-- trimmed. Added NOT VALID: every row already there passed the old check, which says the same, and
-- validating would scan every envelope under a lock that stops the merger for as long.
alter table record_envelope
  drop constraint record_envelope_content_hash_check,
  add constraint record_envelope_content_hash_check check (length(content_hash) = 64 and ltrim(content_hash, '0123456789abcdef') = '') not valid;
