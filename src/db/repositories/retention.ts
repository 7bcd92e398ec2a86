import type { Queryable } from '../pool.js'

/**
 * The tables that are pruned, one row each: a DELETE of at most `$2` rows
 * older than `$1` days, by the database's clock. Rows are picked with
 * `FOR UPDATE SKIP LOCKED`, so a batch never waits on a row someone is using,
 * and each batch is its own short transaction.
 *
 * Never pruned: the ledger (movements and their lines), stock levels,
 * reservations, reorder requests, alerts and dead letters — the history and
 * the audit trail.
 */
const PRUNABLE = {
  // A repeat of a request key replays its stored outcome. Past the window Slack
  // no longer repeats anything, but an open dead letter (replayable by an
  // operator) or an outbox row (published again after a broker outage) can
  // still bring a key back, so those keys stay.
  requests: `
    DELETE FROM requests r USING (
      SELECT team_id, request_key FROM requests q
      WHERE q.created_at < now() - $1::int * interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM dead_letters d
                        WHERE d.status = 'dead' AND d.team_id = q.team_id AND d.request_key = q.request_key)
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.team_id = q.team_id AND o.request_key = q.request_key)
      ORDER BY q.created_at
      LIMIT $2::int
      FOR UPDATE SKIP LOCKED
    ) old
    WHERE r.team_id = old.team_id AND r.request_key = old.request_key`,
  // Slack retries an event for about an hour; older ids can no longer come back.
  processed_events: `
    DELETE FROM processed_events WHERE event_id IN (
      SELECT event_id FROM processed_events
      WHERE created_at < now() - $1::int * interval '1 day'
      ORDER BY created_at LIMIT $2::int FOR UPDATE SKIP LOCKED)`,
  // A question ("which one?") can be answered for an hour (QUESTION_TTL_SECONDS); a late pick answers "closed".
  pending_choices: `
    DELETE FROM pending_choices WHERE id IN (
      SELECT id FROM pending_choices
      WHERE created_at < now() - $1::int * interval '1 day'
      ORDER BY created_at LIMIT $2::int FOR UPDATE SKIP LOCKED)`,
  // A confirmation expires after an hour (PENDING_TTL_MS): older ones, decided
  // or not, can no longer be applied. A late click answers "unknown".
  pending_changes: `
    DELETE FROM pending_changes WHERE id IN (
      SELECT id FROM pending_changes
      WHERE created_at < now() - $1::int * interval '1 day'
      ORDER BY created_at LIMIT $2::int FOR UPDATE SKIP LOCKED)`,
} as const satisfies Record<string, string>

export type PrunableTable = keyof typeof PRUNABLE
export const PRUNABLE_TABLES = Object.keys(PRUNABLE) as PrunableTable[]

/** Deletes one batch of `table`'s rows older than `retentionDays`; returns how many went. */
export async function pruneBatch(
  db: Queryable,
  table: PrunableTable,
  retentionDays: number,
  batchRows: number,
): Promise<number> {
  const { rowCount } = await db.query(PRUNABLE[table], [retentionDays, batchRows])
  return rowCount ?? 0
}

/** Any fixed number works; it only has to be the same for every instance. */
const PRUNE_LOCK_ID = 7_349_110_012

/** Takes the pruning lock for this session, if no other instance holds it. */
export async function tryLockPruning(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
    PRUNE_LOCK_ID,
  ])
  return rows[0]?.locked === true
}

export async function unlockPruning(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_unlock($1)', [PRUNE_LOCK_ID])
}
