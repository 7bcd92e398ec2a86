import type { Queryable } from '../pool.js'

/** A job kept in Postgres while RabbitMQ could not take it (the payload is the job, as JSON). */
export interface OutboxRow<Job> {
  readonly id: number
  readonly payload: Job
}

/**
 * Saves a job, within `timeoutMs` enforced by the server (a local statement
 * timeout): a save that timed out was rolled back, so "not accepted" is then the truth.
 */
export async function insertIntoOutbox(
  tx: Queryable,
  job: { teamId: string; requestKey: string; payload: unknown },
  timeoutMs: number,
): Promise<void> {
  await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)])
  await tx.query('INSERT INTO outbox (team_id, request_key, payload) VALUES ($1, $2, $3)', [
    job.teamId,
    job.requestKey,
    JSON.stringify(job.payload),
  ])
}

/** The oldest `limit` jobs, row-locked; rows another relay holds are skipped, so every bot can relay at once. */
export async function lockOutboxBatch<Job>(tx: Queryable, limit: number): Promise<OutboxRow<Job>[]> {
  const { rows } = await tx.query<{ id: number; payload: Job }>(
    'SELECT id, payload FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
    [limit],
  )
  return rows
}

export async function deleteFromOutbox(tx: Queryable, ids: readonly number[]): Promise<void> {
  await tx.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids])
}

/** Jobs waiting in the outbox (the metrics gauge). */
export async function outboxCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')
  return rows[0]?.n ?? 0
}
