-- A graduate with a linkage key new to the index is compared only with records without one (a
-- record with another key is another person). Blocks of common names hold thousands of keyed
-- records and few keyless ones: the keyless ones get an index of their own, so that such a search
-- reads only them.
alter table resolution_keys add column keyless boolean not null default false;

update resolution_keys k set keyless = true
from resolution_records r where r.envelope_id = k.envelope_id and r.subject_key is null;

create index resolution_keys_keyless on resolution_keys (block_key) where keyless;

-- A graduate's blocking keys are written with it, several per record, in every merge batch: the
-- foreign key checked each of them against resolution_records, as much work as the insert. The
-- merger, the only writer, deletes a record's keys with it, found by the keys the record keeps.
alter table resolution_records add column block_keys bigint[] not null default '{}';

update resolution_records r set block_keys = k.block_keys
from (select envelope_id, array_agg(block_key order by block_key) as block_keys from resolution_keys group by envelope_id) as k
where k.envelope_id = r.envelope_id;

alter table resolution_keys drop constraint resolution_keys_envelope_id_fkey;
