import type { ReservationSummary } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

/** Open reservations in the workspace, optionally of one item, oldest first. */
export async function openReservations(
  db: Queryable,
  teamId: string,
  itemId: number | undefined,
  limit: number,
  createdBy?: string,
): Promise<ReservationSummary[]> {
  const { rows } = await db.query<{
    number: number
    sku: string
    name: string
    quantity: number
    code: string
    ref: string | null
    created_by: string
    created_at: Date
  }>(
    `SELECT r.number, i.sku, i.name, r.quantity, l.code, r.ref, r.created_by, r.created_at
     FROM reservations r JOIN items i ON i.id = r.item_id JOIN locations l ON l.id = r.location_id
     WHERE r.team_id = $1 AND r.status = 'open' AND ($2::bigint IS NULL OR r.item_id = $2)
       AND ($4::text IS NULL OR r.created_by = $4)
     ORDER BY r.number LIMIT $3`,
    [teamId, itemId ?? null, limit, createdBy ?? null],
  )
  return rows.map((r) => ({
    reservation: r.number,
    item: { sku: r.sku, name: r.name },
    quantity: r.quantity,
    location: r.code,
    ...(r.ref ? { ref: r.ref } : {}),
    by: r.created_by,
    at: r.created_at.toISOString(),
  }))
}
