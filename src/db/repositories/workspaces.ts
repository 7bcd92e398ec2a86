import type { Queryable } from '../pool.js'

/**
 * Creates the workspace on its first command, with its default location `main`.
 * Cheap when it exists (no row lock is taken), so every change calls it.
 */
export async function ensureWorkspace(
  db: Queryable,
  teamId: string,
  enterpriseId: string | undefined,
): Promise<void> {
  await db.query(
    `WITH created AS (
       INSERT INTO workspaces (team_id, enterprise_id) VALUES ($1, $2)
       ON CONFLICT (team_id) DO NOTHING
       RETURNING team_id)
     INSERT INTO locations (team_id, code, name) SELECT team_id, 'main', 'Main' FROM created`,
    [teamId, enterpriseId ?? null],
  )
}
