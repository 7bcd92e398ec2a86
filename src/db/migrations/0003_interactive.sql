-- Interactive chat-ops: item units and reorder quantities, per-workspace
-- settings, changes awaiting confirmation, low-stock alerts and their routes,
-- reorder requests, and the Events API deliveries already handled.

ALTER TABLE items
  ADD COLUMN unit text CHECK (length(unit) BETWEEN 1 AND 20),
  ADD COLUMN reorder_quantity bigint CHECK (reorder_quantity > 0);

ALTER TABLE workspaces
  ADD COLUMN next_request bigint NOT NULL DEFAULT 1,
  ADD COLUMN confirm_above bigint NOT NULL DEFAULT 100 CHECK (confirm_above >= 0);

-- A big change waits here for its Confirm (or Cancel); it is applied under the request key `pending:<id>`.
CREATE TABLE pending_changes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id    text NOT NULL REFERENCES workspaces (team_id),
  user_id    text NOT NULL,
  command    jsonb NOT NULL,
  status     text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);

-- Where low-stock alerts go: the workspace default (no location) or per location.
CREATE TABLE alert_routes (
  team_id     text NOT NULL REFERENCES workspaces (team_id),
  location_id bigint REFERENCES locations (id),
  channel_id  text NOT NULL,
  set_by      text NOT NULL,
  set_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_routes_one_per_location ON alert_routes (team_id, coalesce(location_id, 0));

-- One alert state per item: `alerted` until the item is back above its reorder point.
CREATE TABLE item_alerts (
  item_id        bigint PRIMARY KEY REFERENCES items (id),
  team_id        text NOT NULL,
  state          text NOT NULL DEFAULT 'clear' CHECK (state IN ('clear', 'alerted')),
  alerted_at     timestamptz,
  -- Snooze: alert again at this time if the item is still low.
  remind_at      timestamptz,
  ordered_by     text,
  ordered_at     timestamptz,
  -- Where the current alert was posted, once it was (null: still to post).
  channel_id     text,
  message_ts     text,
  set_by         text,
  post_claimed_at timestamptz
);

CREATE TABLE reorder_requests (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id      text NOT NULL REFERENCES workspaces (team_id),
  number       bigint NOT NULL,
  item_id      bigint NOT NULL REFERENCES items (id),
  quantity     bigint NOT NULL CHECK (quantity > 0),
  supplier     text,
  note         text,
  requested_by text NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'received')),
  decided_by   text,
  decided_at   timestamptz,
  received_by  text,
  received_at  timestamptz,
  received_movement bigint,
  channel_id   text,
  message_ts   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, number)
);
CREATE INDEX reorder_requests_open ON reorder_requests (team_id, number) WHERE status IN ('pending', 'approved');

-- Slack retries events it thinks were not received: each event_id is handled once.
CREATE TABLE processed_events (
  event_id   text PRIMARY KEY,
  team_id    text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The App Home lists each person's last movements.
CREATE INDEX movements_actor ON movements (team_id, actor, id DESC);
