import type { HistoryEntry, MovementKind } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

export interface NewMovement {
  readonly teamId: string
  readonly kind: MovementKind
  readonly itemId: number
  readonly quantity: number
  readonly actor: string
  readonly note: string | undefined
  readonly requestKey: string
  readonly undoOf?: number
  readonly lines: readonly { locationId: number; delta: number; onHandAfter: number }[]
}

/**
 * Appends a movement and its lines, numbered per workspace. The counter row is
 * locked last (after the balances), so its lock is held only for the tail of the transaction.
 */
export async function recordMovement(db: Queryable, m: NewMovement): Promise<{ id: number; number: number }> {
  const { rows } = await db.query<{ id: number; number: number }>(
    `WITH counter AS (
       UPDATE workspaces SET next_movement = next_movement + 1 WHERE team_id = $1
       RETURNING next_movement - 1 AS number),
     movement AS (
       INSERT INTO movements (team_id, number, kind, item_id, quantity, actor, note, request_key, undo_of)
       SELECT $1, counter.number, $2, $3, $4, $5, $6, $7, $8 FROM counter
       RETURNING id, number),
     lines AS (
       INSERT INTO movement_lines (movement_id, location_id, item_id, team_id, delta, on_hand_after)
       SELECT movement.id, line.location_id, $3, $1, line.delta, line.on_hand_after
       FROM movement, unnest($9::bigint[], $10::bigint[], $11::bigint[]) AS line(location_id, delta, on_hand_after))
     SELECT id, number FROM movement`,
    [
      m.teamId,
      m.kind,
      m.itemId,
      m.quantity,
      m.actor,
      m.note ?? null,
      m.requestKey,
      m.undoOf ?? null,
      m.lines.map((l) => l.locationId),
      m.lines.map((l) => l.delta),
      m.lines.map((l) => l.onHandAfter),
    ],
  )
  return rows[0] as { id: number; number: number }
}

export interface StoredMovement {
  readonly id: number
  readonly number: number
  readonly kind: MovementKind
  readonly itemId: number
  readonly actor: string
  readonly undoOf: number | null
  readonly undoneBy: number | null
  readonly note: string | null
  readonly lines: readonly { locationId: number; location: string; delta: number; onHandAfter: number }[]
}

/** The movement with its lines, row-locked so that two undos of it queue instead of racing. */
export async function lockMovement(
  db: Queryable,
  teamId: string,
  number: number,
): Promise<StoredMovement | undefined> {
  const { rows } = await db.query<{
    id: number
    kind: MovementKind
    item_id: number
    actor: string
    undo_of: number | null
    note: string | null
  }>(
    'SELECT id, kind, item_id, actor, undo_of, note FROM movements WHERE team_id = $1 AND number = $2 FOR UPDATE',
    [teamId, number],
  )
  const row = rows[0]
  if (!row) return undefined
  const [undone, lines] = await Promise.all([
    db.query<{ number: number }>('SELECT number FROM movements WHERE undo_of = $1', [row.id]),
    db.query<{ location_id: number; code: string; delta: number; on_hand_after: number }>(
      `SELECT ml.location_id, l.code, ml.delta, ml.on_hand_after FROM movement_lines ml JOIN locations l ON l.id = ml.location_id
       WHERE ml.movement_id = $1 ORDER BY ml.location_id`,
      [row.id],
    ),
  ])
  return {
    id: row.id,
    number,
    kind: row.kind,
    itemId: row.item_id,
    actor: row.actor,
    undoOf: row.undo_of,
    undoneBy: undone.rows[0]?.number ?? null,
    note: row.note,
    lines: lines.rows.map((l) => ({
      locationId: l.location_id,
      location: l.code,
      delta: l.delta,
      onHandAfter: l.on_hand_after,
    })),
  }
}

/** Whether a file with this key was imported already (its receipts carry `<key>:<line>`). */
export async function importedBefore(db: Queryable, teamId: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM movements WHERE team_id = $1 AND request_key LIKE $2 LIMIT 1',
    [teamId, `${key}:%`],
  )
  return rowCount === 1
}

/** The item's last `limit` movements, newest first. */
export async function itemHistory(db: Queryable, itemId: number, limit: number): Promise<HistoryEntry[]> {
  return (await history(db, 'm.item_id = $1', [itemId], limit)).map(({ sku: _, ...entry }) => entry)
}

/** Someone's last `limit` movements in a workspace, newest first (the App Home). */
export async function movementsBy(
  db: Queryable,
  teamId: string,
  actor: string,
  limit: number,
): Promise<(HistoryEntry & { sku: string })[]> {
  return history(db, 'm.team_id = $1 AND m.actor = $2', [teamId, actor], limit)
}

async function history(
  db: Queryable,
  where: string,
  values: unknown[],
  limit: number,
): Promise<(HistoryEntry & { sku: string })[]> {
  const { rows } = await db.query<{
    number: number
    sku: string
    kind: MovementKind
    created_at: Date
    actor: string
    quantity: number
    note: string | null
    undo_of: number | null
    undone_by: number | null
    lines: { location: string; delta: number; onHand: number }[]
  }>(
    `SELECT m.number, i.sku, m.kind, m.created_at, m.actor, m.quantity, m.note,
            original.number AS undo_of, reversal.number AS undone_by,
            (SELECT json_agg(json_build_object('location', l.code, 'delta', ml.delta, 'onHand', ml.on_hand_after)
                             ORDER BY ml.delta, l.code)
             FROM movement_lines ml JOIN locations l ON l.id = ml.location_id WHERE ml.movement_id = m.id) AS lines
     FROM movements m
     JOIN items i ON i.id = m.item_id
     LEFT JOIN movements original ON original.id = m.undo_of
     LEFT JOIN movements reversal ON reversal.undo_of = m.id
     WHERE ${where}
     ORDER BY m.id DESC
     LIMIT $${values.length + 1}`,
    [...values, limit],
  )
  return rows.map((r) => ({
    movement: r.number,
    sku: r.sku,
    verb: r.kind,
    at: r.created_at.toISOString(),
    actor: r.actor,
    quantity: r.quantity,
    ...(r.note ? { note: r.note } : {}),
    lines: r.lines,
    ...(r.undo_of ? { undoOf: r.undo_of } : {}),
    ...(r.undone_by ? { undoneBy: r.undone_by } : {}),
  }))
}
