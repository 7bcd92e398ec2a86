import type { ChangeAction } from '../../inventory/actions.js'
import type { Queryable } from '../pool.js'

export interface PendingChange {
  readonly id: string
  readonly userId: string
  readonly action: ChangeAction
  readonly status: 'pending' | 'confirmed' | 'cancelled'
  readonly ageMs: number
}

export async function insertPendingChange(
  db: Queryable,
  teamId: string,
  userId: string,
  action: ChangeAction,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO pending_changes (team_id, user_id, command) VALUES ($1, $2, $3) RETURNING id',
    [teamId, userId, JSON.stringify(action)],
  )
  return (rows[0] as { id: string }).id
}

/** The pending change, row-locked: a Confirm and a Cancel (or two Confirms) queue here. */
export async function lockPendingChange(
  db: Queryable,
  teamId: string,
  id: string,
): Promise<PendingChange | undefined> {
  const { rows } = await db.query<{
    id: string
    user_id: string
    command: ChangeAction
    status: PendingChange['status']
    age_ms: number
  }>(
    `SELECT id, user_id, command, status, (extract(epoch FROM now() - created_at) * 1000)::bigint AS age_ms
     FROM pending_changes WHERE team_id = $1 AND id = $2 FOR UPDATE`,
    [teamId, id],
  )
  const r = rows[0]
  return r && { id: r.id, userId: r.user_id, action: r.command, status: r.status, ageMs: r.age_ms }
}

export async function decidePendingChange(
  db: Queryable,
  id: string,
  status: 'confirmed' | 'cancelled',
): Promise<void> {
  await db.query('UPDATE pending_changes SET status = $2, decided_at = now() WHERE id = $1', [id, status])
}
