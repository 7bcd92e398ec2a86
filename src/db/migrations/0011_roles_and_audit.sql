-- Who may do what, and a trail an auditor can follow.
--
-- Roles are per workspace: viewer < clerk < manager < admin, each including the
-- ones before it. A grant may be limited to locations (then it counts in full
-- only there). Everyone without a grant has the workspace's default role.

ALTER TABLE workspaces
  ADD COLUMN default_role text NOT NULL DEFAULT 'clerk' CHECK (default_role IN ('viewer', 'clerk'));

CREATE TABLE roles (
  team_id      text NOT NULL REFERENCES workspaces (team_id),
  user_id      text NOT NULL,
  role         text NOT NULL CHECK (role IN ('viewer', 'clerk', 'manager', 'admin')),
  -- Limited to these locations; null: everywhere. An admin is never limited.
  location_ids bigint[] CHECK (location_ids IS NULL OR (cardinality(location_ids) > 0 AND role <> 'admin')),
  granted_by   text NOT NULL,
  granted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, user_id)
);
-- Counting a workspace's admins (nobody removes the last one).
CREATE INDEX roles_admins ON roles (team_id) WHERE role = 'admin';

-- The audit trail: grants and revokes, setting changes, archive/restore,
-- dead-letter replays and drops, every denial, and whatever else must be
-- accounted for (a workspace purge). Append-only like the ledger, and kept
-- when a workspace is purged: no foreign key to workspaces.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id       text NOT NULL,
  enterprise_id text,
  -- Who did it (a Slack user id, or `system` for what nobody asked for).
  actor         text NOT NULL,
  -- What: `role.grant`, `settings.default-role`, `denied`… (src/db/repositories/audit.ts).
  action        text NOT NULL,
  -- Whom or what it was about: a user id, a SKU, a dead letter's id.
  subject       text,
  before        jsonb,
  after         jsonb,
  -- Anything else worth knowing (for a denial: what was asked and what it needed).
  details       jsonb,
  request_key   text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_team ON audit_log (team_id, id DESC);
CREATE INDEX audit_log_actor ON audit_log (team_id, actor, id DESC);
CREATE INDEX audit_log_subject ON audit_log (team_id, subject, id DESC) WHERE subject IS NOT NULL;
CREATE INDEX audit_log_denials ON audit_log (team_id, id DESC) WHERE action = 'denied';

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite();
