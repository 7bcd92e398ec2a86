import type { Queryable } from '../pool.js'

/** Current stock: one row per item and location (items never stocked get one row without a location). */
export async function stockRows(db: Queryable, teamId: string) {
  const { rows } = await db.query<{
    sku: string
    name: string
    unit: string | null
    code: string | null
    on_hand: number
    reserved: number
    reorder_point: number
    archived: boolean
  }>(
    `SELECT i.sku, i.name, i.unit, l.code, coalesce(s.on_hand, 0)::bigint AS on_hand, coalesce(s.reserved, 0)::bigint AS reserved,
            i.reorder_point, i.archived_at IS NOT NULL AS archived
     FROM items i
     LEFT JOIN stock_levels s ON s.item_id = i.id AND (s.on_hand > 0 OR s.reserved > 0)
     LEFT JOIN locations l ON l.id = s.location_id
     WHERE i.team_id = $1
     ORDER BY i.sku, l.code`,
    [teamId],
  )
  return rows
}

/** The whole ledger of one item, oldest first: one row per line. */
export async function historyRows(db: Queryable, teamId: string, itemId: number) {
  const { rows } = await db.query<{
    number: number
    created_at: Date
    actor: string
    kind: string
    quantity: number
    code: string
    delta: number
    on_hand_after: number
    note: string | null
    undo_of: number | null
  }>(
    `SELECT m.number, m.created_at, m.actor, m.kind, m.quantity, l.code, ml.delta, ml.on_hand_after, m.note,
            original.number AS undo_of
     FROM movements m
     JOIN movement_lines ml ON ml.movement_id = m.id
     JOIN locations l ON l.id = ml.location_id
     LEFT JOIN movements original ON original.id = m.undo_of
     WHERE m.team_id = $1 AND m.item_id = $2
     ORDER BY m.id, ml.location_id`,
    [teamId, itemId],
  )
  return rows
}
