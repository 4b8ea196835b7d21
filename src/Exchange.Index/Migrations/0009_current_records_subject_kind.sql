-- The profile refresh (0007) reads a subject's records of one kind: `subject_id = w.subject_id and
-- kind = 'graduate'`, once per subject of the batch. With only (subject_id) and the primary key
-- (kind, …) to choose from, and current_records not yet analysed (a bulk load, a fresh index), the
-- planner ANDed the two bitmaps: every subject's lookup scanned the whole primary key for the kind,
-- quadratic in the batch — 30,000 graduates inserted in one statement took 92 s in the trigger,
-- 91 s of it in that nested loop. One index on (subject_id, kind) answers the lookup alone (the
-- same insert: 2.8 s) and serves every lookup by subject_id the old index served.
create index current_records_subject_kind on current_records (subject_id, kind);
drop index current_records_subject;

