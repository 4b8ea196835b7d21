-- The change feed (docs/read-api.md, "Change feed") reads index_changes. It carries, besides the
-- kinds before: whether a linked version created its source record in the index or updated it,
-- a record taken out of the index (record.deleted), and the linkage keys each change was about
-- when it happened. Keys move with merges and splits, so reading them later would name the
-- subject as it is now, not as the subscriber knew it: they are written with the change.
alter table index_changes drop constraint index_changes_kind_check;
alter table index_changes add constraint index_changes_kind_check
  check (kind in ('subject.created', 'record.linked', 'subject.merged', 'subject.split', 'review.opened', 'consent.withdrawn', 'subject.purged',
                  'record.deleted'));

-- On record.linked: 'created' for the first version of a source record, 'updated' for a newer one;
-- null for an older version arriving late (not put in force: the index did not change what it holds).
alter table index_changes add column record_change text check (record_change in ('created', 'updated'));

alter table index_changes add column subject_key text;
alter table index_changes add column from_subject_key text;

-- A key written by the merger (the one a subject had before a merge moved it) wins; otherwise the
-- subject's key as it stands in the change's transaction. At most one key per subject may merge
-- (SubjectOperations.MayMergeAsync); min() only makes the choice stable.
create function index_change_keys() returns trigger language plpgsql as $$
begin
  if new.subject_key is null then
    select min(k.subject_key) into new.subject_key from subject_keys k where k.subject_id = new.subject_id;
  end if;
  if new.from_subject_id is not null and new.from_subject_key is null then
    select min(k.subject_key) into new.from_subject_key from subject_keys k where k.subject_id = new.from_subject_id;
  end if;
  return new;
end
$$;

create trigger index_changes_keys before insert on index_changes for each row execute function index_change_keys();

-- Changes written before this migration: the keys as they stand now, the best there is.
update index_changes c set subject_key = (select min(k.subject_key) from subject_keys k where k.subject_id = c.subject_id);
update index_changes c set record_change = case
    when exists (select 1 from record_envelope e join record_envelope earlier
                   on earlier.kind = e.kind and earlier.source_organisation = e.source_organisation
                  and earlier.source_record_id = e.source_record_id and earlier.received_at < e.received_at
                 where e.id = c.envelope_id) then 'updated'
    else 'created' end
  where kind = 'record.linked';

-- Where each subscriber's topic (exchange.changes.v1.<client>) stands: the last change sequence
-- published to it, written after the messages are durable (at-least-once).
create table change_feed_positions (
  subscriber text primary key,
  after_sequence bigint not null,
  updated_at timestamptz not null
);
