import type { HistoryEntry, ItemChoice, ItemRef, MovementKind } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'
import { iso, jsonRows } from './lists.js'
import { type ItemUnnamed, toUnnamed } from './names.js'

/** Whether a file with this key was imported already (its receipts carry `<key>:<line>`). */
export async function importedBefore(db: Queryable, teamId: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM movements WHERE team_id = $1 AND request_key LIKE $2 LIMIT 1',
    [teamId, `${key}:%`],
  )
  return rowCount === 1
}

interface HistoryRow {
  number: number
  sku: string
  kind: MovementKind
  created_at: Date | string
  actor: string
  quantity: number
  note: string | null
  undo_of: number | null
  undone_by: number | null
  lines: { location: string; delta: number; onHand: number }[]
}

export const toHistoryEntry = (r: HistoryRow): HistoryEntry & { sku: string } => ({
  movement: r.number,
  sku: r.sku,
  verb: r.kind,
  at: iso(r.created_at),
  actor: r.actor,
  quantity: r.quantity,
  ...(r.note ? { note: r.note } : {}),
  lines: r.lines,
  ...(r.undo_of ? { undoOf: r.undo_of } : {}),
  ...(r.undone_by ? { undoneBy: r.undone_by } : {}),
})

/** The last `limit` movements matching `where` (on movements aliased `m`), newest first: a list of HistoryRow. */
export const historySql = (where: string, limit: string) => `SELECT m.number, mi.sku, m.kind, m.created_at,
       m.actor, m.quantity, m.note, original.number AS undo_of, reversal.number AS undone_by,
       (SELECT json_agg(json_build_object('location', l.code, 'delta', ml.delta, 'onHand', ml.on_hand_after)
                        ORDER BY ml.delta, l.code)
        FROM movement_lines ml JOIN locations l ON l.id = ml.location_id WHERE ml.movement_id = m.id) AS lines
     FROM movements m
     JOIN items mi ON mi.id = m.item_id
     LEFT JOIN movements original ON original.id = m.undo_of
     LEFT JOIN movements reversal ON reversal.undo_of = m.id
     WHERE ${where}
     ORDER BY m.id DESC
     LIMIT ${limit}`

/**
 * The item a person named and its last `limit` movements, newest first, in one
 * query; what the reference came to instead when it did not name one item.
 */
export async function itemHistory(
  db: Queryable,
  teamId: string,
  ref: string,
  limit: number,
): Promise<{ item: ItemRef; entries: HistoryEntry[] } | ItemUnnamed> {
  const { rows } = await db.query<
    ItemRef & { id: number | null; entries: HistoryRow[]; found: Record<string, unknown> }
  >({
    name: 'item_history',
    text: `SELECT f.found, i.id, i.sku, i.name, ${jsonRows(historySql('m.item_id = i.id', '$3'))} AS entries
           FROM (SELECT inventory_find_item($1, $2) AS found) f
           LEFT JOIN items i ON i.team_id = $1 AND i.id = (f.found->>'id')::bigint`,
    values: [teamId, ref, limit],
  })
  const row = rows[0] as ItemRef & {
    id: number | null
    entries: HistoryRow[]
    found: Record<string, unknown>
  }
  if (!row.id) return toUnnamed<ItemChoice, ItemRef>(row.found)
  return {
    item: { sku: row.sku, name: row.name },
    entries: row.entries.map((r) => {
      const { sku: _, ...entry } = toHistoryEntry(r)
      return entry
    }),
  }
}
