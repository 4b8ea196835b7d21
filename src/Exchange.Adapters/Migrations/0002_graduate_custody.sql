-- Which organisation holds a graduate record for which subject: the custodian rule of consent
-- writes (only the subject's own institution, or a steward, may record or withdraw a consent)
-- asks this. Written with the seen row, so it too means "in the log".
alter table seen_records add column kind text;
alter table seen_records add column subject_key text;

create index seen_records_graduate_custody on seen_records (subject_key, source_organisation) where kind = 'graduate';
