import type { Queryable } from '../pool.js'

/** An installation as stored: `secrets` is sealed (src/slack/oauth/cipher.ts), null once revoked. */
export interface StoredInstallation {
  readonly id: number
  readonly teamId: string | undefined
  readonly enterpriseId: string | undefined
  readonly isEnterpriseInstall: boolean
  readonly appId: string | undefined
  readonly botId: string | undefined
  readonly botUserId: string | undefined
  readonly botScopes: readonly string[]
  readonly installedBy: string | undefined
  readonly secrets: string | undefined
  readonly tokenExpiresAt: Date | undefined
  readonly installedAt: Date
  readonly revokedAt: Date | undefined
}

/** What identifies an installation: the workspace's, else (or for an org-wide one) its org's. */
export interface InstallationKey {
  readonly teamId?: string | undefined
  readonly enterpriseId?: string | undefined
  readonly isEnterpriseInstall?: boolean | undefined
}

const COLUMNS = `id, team_id, enterprise_id, is_enterprise_install, app_id, bot_id, bot_user_id, bot_scopes,
  installed_by, secrets, token_expires_at, installed_at, revoked_at`

interface Row {
  id: number
  team_id: string | null
  enterprise_id: string | null
  is_enterprise_install: boolean
  app_id: string | null
  bot_id: string | null
  bot_user_id: string | null
  bot_scopes: string[]
  installed_by: string | null
  secrets: string | null
  token_expires_at: Date | null
  installed_at: Date
  revoked_at: Date | null
}

const toInstallation = (r: Row): StoredInstallation => ({
  id: r.id,
  teamId: r.team_id ?? undefined,
  enterpriseId: r.enterprise_id ?? undefined,
  isEnterpriseInstall: r.is_enterprise_install,
  appId: r.app_id ?? undefined,
  botId: r.bot_id ?? undefined,
  botUserId: r.bot_user_id ?? undefined,
  botScopes: r.bot_scopes,
  installedBy: r.installed_by ?? undefined,
  secrets: r.secrets ?? undefined,
  tokenExpiresAt: r.token_expires_at ?? undefined,
  installedAt: r.installed_at,
  revokedAt: r.revoked_at ?? undefined,
})

/**
 * Adds an installation, or replaces the one of the same workspace (or org):
 * a reinstall brings a revoked one back.
 */
export async function saveInstallation(
  db: Queryable,
  i: Omit<StoredInstallation, 'id' | 'installedAt' | 'revokedAt'>,
): Promise<void> {
  const conflict = i.isEnterpriseInstall
    ? '(enterprise_id) WHERE is_enterprise_install'
    : '(team_id) WHERE NOT is_enterprise_install'
  await db.query(
    `INSERT INTO installations (team_id, enterprise_id, is_enterprise_install, app_id, bot_id, bot_user_id,
                                bot_scopes, installed_by, secrets, token_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10)
     ON CONFLICT ${conflict} DO UPDATE SET
       team_id = EXCLUDED.team_id, enterprise_id = EXCLUDED.enterprise_id, app_id = EXCLUDED.app_id,
       bot_id = EXCLUDED.bot_id, bot_user_id = EXCLUDED.bot_user_id, bot_scopes = EXCLUDED.bot_scopes,
       installed_by = EXCLUDED.installed_by, secrets = EXCLUDED.secrets,
       token_expires_at = EXCLUDED.token_expires_at, installed_at = now(), updated_at = now(), revoked_at = NULL`,
    [
      i.isEnterpriseInstall ? null : (i.teamId ?? null),
      i.enterpriseId ?? null,
      i.isEnterpriseInstall,
      i.appId ?? null,
      i.botId ?? null,
      i.botUserId ?? null,
      [...i.botScopes],
      i.installedBy ?? null,
      i.secrets ?? null,
      i.tokenExpiresAt ?? null,
    ],
  )
}

const LOCKS = { none: '', wait: ' FOR UPDATE', skip: ' FOR UPDATE SKIP LOCKED' } as const

/**
 * The installation that serves `key`: the workspace's own, else its org's
 * org-wide one (an org-wide payload looks up the org's only). Revoked ones too
 * (with no secrets): the caller tells "revoked" from "never installed".
 * `lock`: take its row lock, waiting for it, or (`skip`) finding nothing while
 * another transaction holds it.
 */
export async function findInstallation(
  db: Queryable,
  key: InstallationKey,
  options: { lock?: 'wait' | 'skip' } = {},
): Promise<StoredInstallation | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM installations
     WHERE (NOT is_enterprise_install AND team_id = $1 AND NOT $3::boolean)
        OR (is_enterprise_install AND enterprise_id = $2)
     ORDER BY is_enterprise_install LIMIT 1${LOCKS[options.lock ?? 'none']}`,
    [key.teamId ?? null, key.enterpriseId ?? null, key.isEnterpriseInstall === true],
  )
  return rows[0] && toInstallation(rows[0])
}

/** Replaces an installation's sealed secrets (a refreshed token, or a re-encryption with a new key). */
export async function updateSecrets(
  db: Queryable,
  id: number,
  secrets: string,
  tokenExpiresAt: Date | undefined,
): Promise<void> {
  await db.query(
    'UPDATE installations SET secrets = $2, token_expires_at = $3, updated_at = now() WHERE id = $1 AND secrets IS NOT NULL',
    [id, secrets, tokenExpiresAt ?? null],
  )
}

/**
 * Forgets the tokens of the installation serving exactly `key` (uninstalled,
 * or its tokens revoked); the row and the workspace's data stay. Returns
 * whether there were any.
 */
export async function revokeInstallation(db: Queryable, key: InstallationKey): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE installations SET secrets = NULL, token_expires_at = NULL, revoked_at = now(), updated_at = now()
     WHERE secrets IS NOT NULL AND (
       (is_enterprise_install AND $3::boolean AND enterprise_id = $2)
       OR (NOT is_enterprise_install AND NOT $3::boolean AND team_id = $1))`,
    [key.teamId ?? null, key.enterpriseId ?? null, key.isEnterpriseInstall === true],
  )
  return (rowCount ?? 0) > 0
}

/** Every installation, for operators (`npm run installations -- list`) and re-encryption. */
export async function listInstallations(db: Queryable): Promise<StoredInstallation[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM installations ORDER BY is_enterprise_install, enterprise_id, team_id`,
  )
  return rows.map(toInstallation)
}

/** Keeps the `state` of an install under way for `ttlSeconds`; expired ones are dropped on the way. */
export async function saveOAuthState(
  db: Queryable,
  id: string,
  installOptions: Record<string, unknown>,
  ttlSeconds: number,
): Promise<void> {
  await db.query('DELETE FROM oauth_states WHERE expires_at < now()')
  await db.query(
    `INSERT INTO oauth_states (id, install_options, expires_at) VALUES ($1, $2::jsonb, now() + $3::int * interval '1 second')`,
    [id, JSON.stringify(installOptions), ttlSeconds],
  )
}

/** Uses up a `state`: its install options, or undefined when unknown, used already or expired. */
export async function takeOAuthState(
  db: Queryable,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query<{ install_options: Record<string, unknown> }>(
    'DELETE FROM oauth_states WHERE id = $1 AND expires_at > now() RETURNING install_options',
    [id],
  )
  return rows[0]?.install_options
}
