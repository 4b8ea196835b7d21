-- Answers to push requests that carried an Idempotency-Key, so that a retried request gets the
-- first answer instead of being processed again. Keyed per client: keys are the client's own.
create table idempotent_answer (
  client_id text not null,
  idempotency_key text not null,
  -- SHA-256 of method, path, content type and body: the same key with a different request is refused.
  request_hash text not null,
  status_code int not null,
  -- Text, not jsonb: a retry must get the first answer byte for byte.
  body text not null,
  created_at timestamptz not null default now(),
  primary key (client_id, idempotency_key)
);

create index idempotent_answer_created_at_idx on idempotent_answer (created_at);
