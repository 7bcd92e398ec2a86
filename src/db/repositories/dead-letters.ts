import type { DeadLetter } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

interface DeadLetterRow {
  id: number
  team_id: string | null
  request_key: string | null
  payload: string
  reason: string
  deliveries: number
  status: DeadLetter['status']
  created_at: Date
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: r.id,
  teamId: r.team_id,
  requestKey: r.request_key,
  payload: r.payload,
  reason: r.reason,
  deliveries: r.deliveries,
  status: r.status,
  createdAt: r.created_at.toISOString(),
})

/**
 * Records a job from the dead-letter queue, once per `dedupeKey` (a redelivery
 * of the same death records nothing). Returns the new id, or undefined when it
 * was recorded before.
 */
export async function recordDeadLetter(
  db: Queryable,
  letter: {
    dedupeKey: string
    teamId: string | undefined
    requestKey: string | undefined
    payload: string
    reason: string
    deliveries: number
  },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO dead_letters (dedupe_key, team_id, request_key, payload, reason, deliveries)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      letter.dedupeKey,
      letter.teamId ?? null,
      letter.requestKey ?? null,
      letter.payload,
      letter.reason,
      letter.deliveries,
    ],
  )
  return rows[0]?.id
}

/** One dead letter by id, in one workspace ($2) or in any ($2 null: operators at the command line). */
const ONE = 'SELECT * FROM dead_letters WHERE id = $1 AND ($2::text IS NULL OR team_id = $2)'

export async function findDeadLetter(
  db: Queryable,
  id: number,
  teamId: string | undefined,
): Promise<DeadLetter | undefined> {
  const { rows } = await db.query<DeadLetterRow>(ONE, [id, teamId ?? null])
  return rows[0] && toDeadLetter(rows[0])
}

/** The same, row-locked until the transaction ends: each dead letter is resolved once. */
export async function lockDeadLetter(
  db: Queryable,
  id: number,
  teamId: string | undefined,
): Promise<DeadLetter | undefined> {
  const { rows } = await db.query<DeadLetterRow>(`${ONE} FOR UPDATE`, [id, teamId ?? null])
  return rows[0] && toDeadLetter(rows[0])
}

/** Dead letters waiting for an operator, oldest first, in one workspace or in any. */
export async function listDeadLetters(
  db: Queryable,
  teamId: string | undefined,
  limit: number,
): Promise<DeadLetter[]> {
  const { rows } = await db.query<DeadLetterRow>(
    `SELECT * FROM dead_letters WHERE status = 'dead' AND ($2::text IS NULL OR team_id = $2) ORDER BY id LIMIT $1`,
    [limit, teamId ?? null],
  )
  return rows.map(toDeadLetter)
}

export async function resolveDeadLetter(
  db: Queryable,
  id: number,
  status: 'replayed' | 'dropped',
  by: string,
): Promise<void> {
  await db.query('UPDATE dead_letters SET status = $2, resolved_at = now(), resolved_by = $3 WHERE id = $1', [
    id,
    status,
    by,
  ])
}

/** Dead letters waiting for an operator, in every workspace (the metrics gauge). */
export async function deadLetterCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM dead_letters WHERE status = 'dead'",
  )
  return rows[0]?.n ?? 0
}
