import type { Queryable } from '../pool.js'

/** The threshold of a workspace that has not set one (the column's default). */
export const DEFAULT_CONFIRM_ABOVE = 100

/** A workspace's settings, read with every change. */
export interface WorkspaceSettings {
  /** Changes that move more than this many units ask for confirmation first. */
  readonly confirmAbove: number
}

/**
 * Creates the workspace on its first command, with its default location `main`,
 * and returns its settings. A plain read first: an INSERT … ON CONFLICT on an
 * existing workspace would wait behind any transaction holding the movement
 * counter, serialising every change.
 */
export async function ensureWorkspace(
  db: Queryable,
  teamId: string,
  enterpriseId: string | undefined,
): Promise<WorkspaceSettings> {
  const existing = await confirmThreshold(db, teamId)
  if (existing !== undefined) return { confirmAbove: existing }
  await db.query(
    `WITH created AS (
       INSERT INTO workspaces (team_id, enterprise_id) VALUES ($1, $2)
       ON CONFLICT (team_id) DO NOTHING
       RETURNING team_id)
     INSERT INTO locations (team_id, code, name) SELECT team_id, 'main', 'Main' FROM created`,
    [teamId, enterpriseId ?? null],
  )
  return { confirmAbove: (await confirmThreshold(db, teamId)) ?? DEFAULT_CONFIRM_ABOVE }
}

/** The workspace's confirmation threshold; undefined for a workspace not created yet. */
export async function confirmThreshold(db: Queryable, teamId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ confirm_above: number }>(
    'SELECT confirm_above FROM workspaces WHERE team_id = $1',
    [teamId],
  )
  return rows[0]?.confirm_above
}

export async function setConfirmThreshold(db: Queryable, teamId: string, threshold: number): Promise<void> {
  await db.query('UPDATE workspaces SET confirm_above = $2 WHERE team_id = $1', [teamId, threshold])
}
