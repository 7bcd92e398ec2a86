import type { ReservationSummary } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'
import { iso } from './lists.js'

interface ReservationRow {
  number: number
  sku: string
  name: string
  quantity: number
  code: string
  ref: string | null
  created_by: string
  created_at: Date | string
}

export const toReservationSummary = (r: ReservationRow): ReservationSummary => ({
  reservation: r.number,
  item: { sku: r.sku, name: r.name },
  quantity: r.quantity,
  location: r.code,
  ...(r.ref ? { ref: r.ref } : {}),
  by: r.created_by,
  at: iso(r.created_at),
})

/** Open reservations in the workspace, of one item or any (`item` null), by anyone or one person: a list of ReservationRow. */
export const openReservationsSql = (team: string, item: string, limit: string, createdBy: string) =>
  `SELECT r.number, i.sku, i.name, r.quantity, l.code, r.ref, r.created_by, r.created_at
     FROM reservations r JOIN items i ON i.id = r.item_id JOIN locations l ON l.id = r.location_id
     WHERE r.team_id = ${team} AND r.status = 'open' AND (${item}::bigint IS NULL OR r.item_id = ${item})
       AND (${createdBy}::text IS NULL OR r.created_by = ${createdBy})
     ORDER BY r.number LIMIT ${limit}`

/** Open reservations in the workspace, optionally of one item, oldest first. */
export async function openReservations(
  db: Queryable,
  teamId: string,
  itemId: number | undefined,
  limit: number,
): Promise<ReservationSummary[]> {
  const { rows } = await db.query<ReservationRow>(openReservationsSql('$1', '$2', '$3', 'NULL'), [
    teamId,
    itemId ?? null,
    limit,
  ])
  return rows.map(toReservationSummary)
}
