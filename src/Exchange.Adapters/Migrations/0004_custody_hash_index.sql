-- Custody is asked by equality on the subject key. Subject keys are random, so the b-tree over
-- (subject_key, source_organisation) put every appended graduate into a random leaf of an index
-- nearly as large as the table, the costliest write of an append to the registry. A hash index
-- answers the same question from about a third of the pages and costs less to keep.
drop index seen_records_graduate_custody;
create index seen_records_graduate_custody on seen_records using hash (subject_key) where kind = 'graduate';
