import { DEFAULT_ROLE, type DefaultRole } from '../../inventory/roles.js'
import type { Queryable } from '../pool.js'

/** The threshold of a workspace that has not set one (the column's default). */
export const DEFAULT_CONFIRM_ABOVE = 100

/**
 * Creates the workspace on its first command, with its default location `main`
 * and its number sequences (the database function `inventory_workspace`,
 * migration 0005); a plain read when it exists.
 */
export async function ensureWorkspace(
  db: Queryable,
  teamId: string,
  enterpriseId: string | undefined,
): Promise<void> {
  await db.query('SELECT FROM inventory_workspace($1, $2)', [teamId, enterpriseId ?? null])
}

/** A workspace's settings (the defaults for a workspace not created yet). */
export interface Settings {
  readonly confirmAbove: number
  readonly defaultRole: DefaultRole
}

const SETTINGS = 'SELECT confirm_above, default_role FROM workspaces WHERE team_id = $1'

async function readSettings(db: Queryable, teamId: string, sql: string): Promise<Settings> {
  const { rows } = await db.query<{ confirm_above: number; default_role: DefaultRole }>(sql, [teamId])
  return {
    confirmAbove: rows[0]?.confirm_above ?? DEFAULT_CONFIRM_ABOVE,
    defaultRole: rows[0]?.default_role ?? DEFAULT_ROLE,
  }
}

export const settingsOf = (db: Queryable, teamId: string) => readSettings(db, teamId, SETTINGS)

/** The settings, locked until the transaction ends: a change records what they were. */
export const lockSettings = (db: Queryable, teamId: string) =>
  readSettings(db, teamId, `${SETTINGS} FOR UPDATE`)

export async function setConfirmThreshold(db: Queryable, teamId: string, threshold: number): Promise<void> {
  await db.query('UPDATE workspaces SET confirm_above = $2 WHERE team_id = $1', [teamId, threshold])
}

export async function setDefaultRole(db: Queryable, teamId: string, role: DefaultRole): Promise<void> {
  await db.query('UPDATE workspaces SET default_role = $2 WHERE team_id = $1', [teamId, role])
}
