-- The kind of legal basis an agreement rests on. Existing versions rest on consent, the narrower
-- reading: a statutory duty lets aggregate statistics count subjects without their consent, so it
-- is only ever recorded anew. A constant default rewrites no row, so the append-only trigger is not hit.
alter table agreement add column legal_basis_type text not null default 'consent' check (legal_basis_type in ('consent', 'statutory-duty'));
