-- The core: workspaces, items, locations, stock levels, the append-only movement
-- ledger, reservations, and the request keys that make every change idempotent.
-- Every row carries the Slack workspace (team id); every query filters by it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE workspaces (
  team_id          text PRIMARY KEY,
  enterprise_id    text,
  next_movement    bigint NOT NULL DEFAULT 1,
  next_reservation bigint NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE items (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id       text NOT NULL REFERENCES workspaces (team_id),
  sku           text NOT NULL CHECK (sku = upper(sku) AND length(sku) BETWEEN 1 AND 40),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  reorder_point bigint NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  archived_at   timestamptz,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, sku)
);
CREATE INDEX items_search_trgm ON items USING gin ((sku || ' ' || lower(name)) gin_trgm_ops);

CREATE TABLE locations (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id    text NOT NULL REFERENCES workspaces (team_id),
  code       text NOT NULL CHECK (code = lower(code) AND length(code) BETWEEN 1 AND 30),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, code)
);

-- Balances, kept in the same transaction as the ledger insert that changes them.
CREATE TABLE stock_levels (
  item_id     bigint NOT NULL REFERENCES items (id),
  location_id bigint NOT NULL REFERENCES locations (id),
  team_id     text NOT NULL,
  on_hand     bigint NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved    bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
  PRIMARY KEY (item_id, location_id)
);

-- The ledger. One row per movement (numbered per workspace), one line per location it touched.
CREATE TABLE movements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id     text NOT NULL REFERENCES workspaces (team_id),
  number      bigint NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('receive', 'issue', 'move', 'count', 'undo')),
  item_id     bigint NOT NULL REFERENCES items (id),
  quantity    bigint NOT NULL CHECK (quantity >= 0),
  actor       text NOT NULL,
  note        text,
  request_key text NOT NULL,
  undo_of     bigint UNIQUE REFERENCES movements (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, number),
  UNIQUE (team_id, request_key)
);
CREATE INDEX movements_item ON movements (item_id, id DESC);

CREATE TABLE movement_lines (
  movement_id   bigint NOT NULL REFERENCES movements (id),
  location_id   bigint NOT NULL REFERENCES locations (id),
  item_id       bigint NOT NULL REFERENCES items (id),
  team_id       text NOT NULL,
  delta         bigint NOT NULL,
  on_hand_after bigint NOT NULL CHECK (on_hand_after >= 0),
  PRIMARY KEY (movement_id, location_id)
);
CREATE INDEX movement_lines_balance ON movement_lines (item_id, location_id);

-- History is never edited or deleted: corrections are new movements.
CREATE FUNCTION refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON movements
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();
CREATE TRIGGER movement_lines_append_only BEFORE UPDATE OR DELETE ON movement_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();

CREATE TABLE reservations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id     text NOT NULL REFERENCES workspaces (team_id),
  number      bigint NOT NULL,
  item_id     bigint NOT NULL REFERENCES items (id),
  location_id bigint NOT NULL REFERENCES locations (id),
  quantity    bigint NOT NULL CHECK (quantity > 0),
  ref         text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'released', 'consumed')),
  closed_by   text,
  closed_at   timestamptz,
  movement_id bigint REFERENCES movements (id),
  UNIQUE (team_id, number)
);
CREATE INDEX reservations_open ON reservations (team_id, item_id) WHERE status = 'open';

-- Idempotency: the first outcome of each request key, replayed to any repeat.
CREATE TABLE requests (
  team_id     text NOT NULL,
  request_key text NOT NULL,
  outcome     jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, request_key)
);
