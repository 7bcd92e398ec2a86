-- Queue mode: the outbox keeps commands accepted while RabbitMQ was unreachable,
-- until a relay publishes them; dead letters record jobs that could not be applied.

CREATE TABLE outbox (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id     text NOT NULL,
  request_key text NOT NULL,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dead_letters (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The same dead message delivered twice is recorded once.
  dedupe_key  text NOT NULL UNIQUE,
  -- Unknown for a malformed job.
  team_id     text,
  request_key text,
  payload     text NOT NULL,
  reason      text NOT NULL,
  deliveries  integer NOT NULL,
  status      text NOT NULL DEFAULT 'dead' CHECK (status IN ('dead', 'replayed', 'dropped')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX dead_letters_open ON dead_letters (team_id, id) WHERE status = 'dead';
