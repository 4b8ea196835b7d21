-- A subject's smallest key, which the change feed's row trigger (0008, index_change_keys) and the
-- profile refresh (0007) read, by an index that holds each subject's keys in order. On
-- (subject_id) alone the planner took min(subject_key) from the primary key instead, walking the
-- keys in order until one belonged to the subject: half of subject_keys for a new subject, once per
-- change row. Merging 100,000 records spent most of its 150 s of database time there, and the
-- merge slowed as the index grew.
create index subject_keys_subject_key_order on subject_keys (subject_id, subject_key);
drop index subject_keys_subject;
analyze subject_keys;
