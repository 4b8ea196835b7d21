-- A graduate with a linkage key new to the index may join only a subject that holds no key (another
-- key is another person). The merger read every keyless record of the graduate's blocks (0005) and
-- threw away, in the merging process, those whose subject had gained a key: most of them, once an
-- alumni office's records have joined the graduates their universities sent. Their number grows
-- with the index, and so did the cost of every keyed graduate: 1,601 records/s over the first
-- 100,000 records with 5% keyless, about 155 records/s past 450,000. The first hundred read of a
-- block could also all be thrown away, hiding a record that might have been joined.
--
-- The flag now says what the search needs: the record's subject holds no key. It is set when a key
-- is remembered and kept true by statement triggers on what changes it: the subject's keys
-- (a key added, moved by a split, or merged in) and the record's subject (a merge or a split).
alter table resolution_keys rename column keyless to subject_keyless;
alter index resolution_keys_keyless rename to resolution_keys_subject_keyless;

-- Whether a subject holds a key is looked up per record (the limit keeps the planner from hashing
-- the whole of subject_keys instead, a cost that would grow with the index).
create function resolution_keys_refresh_subject_keyless(subjects bigint[]) returns void language plpgsql as $$
begin
  update resolution_keys k set subject_keyless = x.subject_keyless
  from (
    select r.envelope_id, b.block_key, r.subject_key is null and h.subject_id is null as subject_keyless
    from resolution_records r cross join unnest(r.block_keys) as b (block_key)
    left join lateral (select s.subject_id from subject_keys s where s.subject_id = r.subject_id limit 1) as h on true
    where r.subject_id = any(subjects)) as x
  where k.block_key = x.block_key and k.envelope_id = x.envelope_id and k.subject_keyless <> x.subject_keyless;
end
$$;

select resolution_keys_refresh_subject_keyless(array(select distinct subject_id from resolution_records where subject_key is null));

create function subject_keys_refresh_subject_keyless() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform resolution_keys_refresh_subject_keyless(array(select distinct subject_id from new_rows));
  elsif tg_op = 'UPDATE' then
    perform resolution_keys_refresh_subject_keyless(array(select subject_id from new_rows union select subject_id from old_rows));
  else
    perform resolution_keys_refresh_subject_keyless(array(select distinct subject_id from old_rows));
  end if;
  return null;
end
$$;

create trigger subject_keys_subject_keyless_insert after insert on subject_keys
  referencing new table as new_rows for each statement execute function subject_keys_refresh_subject_keyless();
create trigger subject_keys_subject_keyless_update after update on subject_keys
  referencing old table as old_rows new table as new_rows for each statement execute function subject_keys_refresh_subject_keyless();
create trigger subject_keys_subject_keyless_delete after delete on subject_keys
  referencing old table as old_rows for each statement execute function subject_keys_refresh_subject_keyless();

-- A record moved to another subject (a merge, a split) takes that subject's standing.
create function resolution_records_refresh_subject_keyless() returns trigger language plpgsql as $$
begin
  perform resolution_keys_refresh_subject_keyless(array(
    select distinct n.subject_id from new_rows n join old_rows o on o.envelope_id = n.envelope_id where o.subject_id <> n.subject_id));
  return null;
end
$$;

create trigger resolution_records_subject_keyless_update after update on resolution_records
  referencing old table as old_rows new table as new_rows for each statement execute function resolution_records_refresh_subject_keyless();
