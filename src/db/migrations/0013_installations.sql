-- OAuth installs: the app in many workspaces, each served with its own token.
--
-- One row per workspace (`team_id`), or per Enterprise Grid org for an
-- org-wide install (`enterprise_id`, serving every workspace of the org that
-- has no install of its own). Tokens are never stored in the clear: `secrets`
-- is the bot token and, when token rotation is on, its refresh token, sealed
-- with AES-256-GCM (src/slack/oauth/cipher.ts) under INSTALLATION_ENCRYPTION_KEY.
-- Uninstalling or revoking sets `secrets` to null at once; the row, like the
-- workspace's inventory data, stays until an operator purges the workspace.
CREATE TABLE installations (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id               text,
  enterprise_id         text,
  is_enterprise_install boolean NOT NULL,
  app_id                text,
  bot_id                text,
  bot_user_id           text,
  bot_scopes            text[] NOT NULL DEFAULT '{}',
  installed_by          text,
  secrets               text,
  -- When the bot token expires (token rotation); null when it does not.
  token_expires_at      timestamptz,
  installed_at          timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  revoked_at            timestamptz,
  CHECK (CASE WHEN is_enterprise_install THEN enterprise_id IS NOT NULL ELSE team_id IS NOT NULL END)
);
CREATE UNIQUE INDEX installations_workspace ON installations (team_id) WHERE NOT is_enterprise_install;
CREATE UNIQUE INDEX installations_org ON installations (enterprise_id) WHERE is_enterprise_install;

-- The `state` of installs under way: single-use, gone at the redirect, expired after 10 minutes.
CREATE TABLE oauth_states (
  id              text PRIMARY KEY,
  install_options jsonb NOT NULL,
  expires_at      timestamptz NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

-- The ledger and the audit trail refuse updates and deletes (0001, 0011). A
-- workspace purge (`npm run installations -- purge`) deletes that workspace's
-- ledger inside one transaction that sets `inventory.purging`; the audit trail
-- is never deleted, so the purge itself stays on record.
CREATE OR REPLACE FUNCTION refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME <> 'audit_log'
     AND current_setting('inventory.purging', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;

-- A purged workspace's number sequences (0005) go with it.
CREATE FUNCTION inventory_drop_workspace_sequences(p_team_id text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w workspaces;
BEGIN
  SELECT * INTO w FROM workspaces WHERE team_id = p_team_id;
  IF w.movement_numbers IS NOT NULL THEN
    EXECUTE format('DROP SEQUENCE IF EXISTS %s', w.movement_numbers);
  END IF;
  IF w.reservation_numbers IS NOT NULL THEN
    EXECUTE format('DROP SEQUENCE IF EXISTS %s', w.reservation_numbers);
  END IF;
END
$$;
