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
