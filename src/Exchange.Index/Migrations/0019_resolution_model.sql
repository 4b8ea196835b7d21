-- The fields and blocking rules the stored comparison values and blocking keys of resolution_records
-- were written under, as a fingerprint. A merger resolving under another model reads them again from
-- the records before it compares anything with them (docs/merged-index.md).
create table resolution_model (
  singleton boolean primary key default true check (singleton),
  fingerprint text not null,
  written_at timestamptz not null
);
