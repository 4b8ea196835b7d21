-- Erase on withdrawal (docs/merged-index.md): the change that tells consumers a subject's
-- sensitive fields were purged and they are to forget their copies too.
alter table index_changes drop constraint index_changes_kind_check;
alter table index_changes add constraint index_changes_kind_check
  check (kind in ('subject.created', 'record.linked', 'subject.merged', 'subject.split', 'review.opened', 'consent.withdrawn', 'subject.purged'));
