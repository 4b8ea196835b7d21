-- The append-only, hash-chained audit log of access decisions. Every row links to its
-- predecessor by hash; the application computes the hashes (Exchange.Access.Audit.AuditHash)
-- so `exchange audit verify` can recompute them without trusting the database.

-- True when any value holds a standalone 18-character resident id. The application refuses
-- such a record before it gets here; this is the second lock on the same door.
create function audit_contains_resident_id(vals text[]) returns boolean
  language sql immutable strict parallel safe
  as $$
    select exists (
      select 1 from unnest(vals) as v
      where v ~ '(^|[^0-9A-Za-z])[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)')
  $$;

create table audit_entry (
  -- Gapless: assigned from audit_head inside the appending transaction, never from a sequence
  -- object (a rolled-back nextval leaves a hole that would look like a deleted entry).
  sequence bigint primary key
    constraint audit_entry_sequence_check check (sequence > 0),
  at timestamptz not null,
  caller_client_id text not null,
  caller_organisation text not null,
  purpose text not null,
  -- Pseudonymous handle as the caller saw it; a clear identifier never lands here.
  subject_handle text not null,
  action text not null,
  fields_released text[] not null,
  decision text not null
    constraint audit_entry_decision_check check (decision in ('permit', 'deny')),
  rule text not null,
  previous_hash text not null
    constraint audit_entry_previous_hash_check check (previous_hash ~ '^[0-9a-f]{64}$'),
  hash text not null
    constraint audit_entry_hash_check check (hash ~ '^[0-9a-f]{64}$'),
  constraint audit_entry_no_resident_id_check check (not audit_contains_resident_id(
    array[caller_client_id, caller_organisation, purpose, subject_handle, action, decision, rule]
    || fields_released))
);

-- Stewards look entries up by subject and by caller, newest pages by sequence.
create index audit_entry_subject_handle_idx on audit_entry (subject_handle, sequence);
create index audit_entry_caller_client_id_idx on audit_entry (caller_client_id, sequence);
create index audit_entry_caller_organisation_idx on audit_entry (caller_organisation, sequence);
create index audit_entry_at_idx on audit_entry (at);

-- The chain's head (last sequence and its hash), stored apart from the chain and updated in the
-- same transaction as each append. Appenders lock this one row (select … for update), which
-- serialises them across processes into a single chain; verify compares the chain's last row
-- with it, which is how deleting the newest entries is caught.
create table audit_head (
  id boolean primary key default true
    constraint audit_head_single_row_check check (id),
  sequence bigint not null
    constraint audit_head_sequence_check check (sequence >= 0),
  hash text not null
    constraint audit_head_hash_check check (hash ~ '^[0-9a-f]{64}$')
);

insert into audit_head (id, sequence, hash) values (true, 0, repeat('0', 64));

-- Append-only at the database level. Revoking UPDATE/DELETE/TRUNCATE does not bind the table's
-- owner (the hub's own role in the embedded runtime), so triggers refuse them for everyone.
-- A superuser or owner can still disable triggers; that is what the hash chain is for.
create function audit_refuse_change() returns trigger
  language plpgsql
  as $$
  begin
    raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name
      using errcode = 'insufficient_privilege';
  end
  $$;

create trigger audit_entry_refuse_update_delete
  before update or delete on audit_entry
  for each row execute function audit_refuse_change();

create trigger audit_entry_refuse_truncate
  before truncate on audit_entry
  for each statement execute function audit_refuse_change();

create trigger audit_head_refuse_delete
  before delete on audit_head
  for each row execute function audit_refuse_change();

create trigger audit_head_refuse_truncate
  before truncate on audit_head
  for each statement execute function audit_refuse_change();

-- The head only moves forward, and only onto an entry that exists with that very hash, so a
-- careless or naive rollback of the head is refused rather than silently hiding deletions.
create function audit_head_check_advance() returns trigger
  language plpgsql
  as $$
  begin
    if new.sequence < old.sequence then
      raise exception 'audit head may only move forward (% to %)', old.sequence, new.sequence
        using errcode = 'insufficient_privilege';
    end if;
    if new.sequence = 0 then
      if new.hash <> repeat('0', 64) then
        raise exception 'audit head at sequence 0 must carry the zero hash'
          using errcode = 'insufficient_privilege';
      end if;
    elsif not exists (select 1 from audit_entry e where e.sequence = new.sequence and e.hash = new.hash) then
      raise exception 'audit head must name an existing entry (sequence %)', new.sequence
        using errcode = 'insufficient_privilege';
    end if;
    return new;
  end
  $$;

create trigger audit_head_check_advance
  before update on audit_head
  for each row execute function audit_head_check_advance();
