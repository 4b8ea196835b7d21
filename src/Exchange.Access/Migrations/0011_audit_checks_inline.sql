-- Every audited decision inserts a row into audit_entry, and its checks cost PostgreSQL more than
-- the row and its five indexes together. The same checks, written so that they cost little:
--
-- * The resident-id check ran as a query of its own for each row: a SQL function whose body holds
--   a subquery is not inlined into a constraint. It is now one expression, which PostgreSQL
--   inlines: the values joined by a space. No id holds a space, and a space is a boundary as the
--   start and end of a value are, so an id is found in the joined text exactly where it is found in
--   one of the values (tests/Exchange.Access.Tests/Audit/AuditResidentIdCheckTests holds it to the
--   first definition).
-- * A hash was matched against ^[0-9a-f]{64}$, and PostgreSQL's regular expressions run a bounded
--   repeat slowly. It is now 64 characters none of which is left once the hex digits are trimmed.
--   The new constraints are added NOT VALID: every row already there passed the old ones, which
--   say the same, and validating would scan the whole log under a lock that stops every audited
--   read for as long.
create or replace function audit_contains_resident_id(vals text[]) returns boolean
  language sql immutable strict parallel safe
  as $$
    select array_to_string(vals, ' ')
           ~ '(^|[^0-9A-Za-z])[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)'
  $$;

alter table audit_entry
  drop constraint audit_entry_previous_hash_check,
  drop constraint audit_entry_hash_check,
  add constraint audit_entry_previous_hash_check check (length(previous_hash) = 64 and ltrim(previous_hash, '0123456789abcdef') = '') not valid,
  add constraint audit_entry_hash_check check (length(hash) = 64 and ltrim(hash, '0123456789abcdef') = '') not valid;
