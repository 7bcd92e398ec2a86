import type { HistoryEntry, MovementKind } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

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
