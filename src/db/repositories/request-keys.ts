import type { Outcome } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

/**
 * Claims a request key for this transaction. Returns the stored outcome when
 * the key was already applied (the caller replays it); a concurrent claim of
 * the same key waits here until the first transaction commits or rolls back.
 */
export async function claimRequest(
  db: Queryable,
  teamId: string,
  requestKey: string,
): Promise<Outcome | undefined> {
  const claimed = await db.query(
    'INSERT INTO requests (team_id, request_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
    [teamId, requestKey],
  )
  if (claimed.rowCount === 1) return undefined
  const { rows } = await db.query<{ outcome: Outcome }>(
    'SELECT outcome FROM requests WHERE team_id = $1 AND request_key = $2',
    [teamId, requestKey],
  )
  return rows[0]?.outcome
}

export async function storeOutcome(
  db: Queryable,
  teamId: string,
  requestKey: string,
  outcome: Outcome,
): Promise<void> {
  await db.query('UPDATE requests SET outcome = $3 WHERE team_id = $1 AND request_key = $2', [
    teamId,
    requestKey,
    JSON.stringify(outcome),
  ])
}
