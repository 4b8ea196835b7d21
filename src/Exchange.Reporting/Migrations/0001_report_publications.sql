-- Every protected table an organisation has been published, with its true counts and the decision
-- for every cell. A later report for the same organisation over the same index state is protected
-- together with these, so that the difference of two overlapping reports recovers no hidden cell
-- (docs/reports.md, "Overlapping reports"). The true counts are as sensitive as the index itself.
create table report_publication (
  id bigint generated always as identity primary key,
  organisation text not null,
  -- Where the merger stood when the figures were read: figures of the same state agree.
  data_version text not null,
  report text not null,
  table_name text not null,
  published_at timestamptz not null,
  body jsonb not null
);

create index report_publication_organisation on report_publication (organisation, data_version);
