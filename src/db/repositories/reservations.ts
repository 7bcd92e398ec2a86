import type { ReservationSummary } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

export interface Reservation {
  readonly id: number
  readonly number: number
  readonly itemId: number
  readonly locationId: number
  readonly location: string
  readonly quantity: number
  readonly status: 'open' | 'released' | 'consumed'
  readonly ref: string | null
}

export async function insertReservation(
  db: Queryable,
  r: {
    teamId: string
    itemId: number
    locationId: number
    quantity: number
    ref: string | undefined
    createdBy: string
  },
): Promise<number> {
  const { rows } = await db.query<{ number: number }>(
    `WITH counter AS (
       UPDATE workspaces SET next_reservation = next_reservation + 1 WHERE team_id = $1
       RETURNING next_reservation - 1 AS number)
     INSERT INTO reservations (team_id, number, item_id, location_id, quantity, ref, created_by)
     SELECT $1, counter.number, $2, $3, $4, $5, $6 FROM counter
     RETURNING number`,
    [r.teamId, r.itemId, r.locationId, r.quantity, r.ref ?? null, r.createdBy],
  )
  return (rows[0] as { number: number }).number
}

/** The reservation, row-locked: it is about to be released or consumed. */
export async function lockReservation(
  db: Queryable,
  teamId: string,
  number: number,
): Promise<Reservation | undefined> {
  const { rows } = await db.query<{
    id: number
    item_id: number
    location_id: number
    code: string
    quantity: number
    status: Reservation['status']
    ref: string | null
  }>(
    `SELECT r.id, r.item_id, r.location_id, l.code, r.quantity, r.status, r.ref
     FROM reservations r JOIN locations l ON l.id = r.location_id
     WHERE r.team_id = $1 AND r.number = $2 FOR UPDATE OF r`,
    [teamId, number],
  )
  const r = rows[0]
  return (
    r && {
      id: r.id,
      number,
      itemId: r.item_id,
      locationId: r.location_id,
      location: r.code,
      quantity: r.quantity,
      status: r.status,
      ref: r.ref,
    }
  )
}

export async function closeReservation(
  db: Queryable,
  id: number,
  status: 'released' | 'consumed',
  closedBy: string,
  movementId?: number,
): Promise<void> {
  await db.query(
    `UPDATE reservations SET status = $2, closed_by = $3, closed_at = now(), movement_id = $4 WHERE id = $1`,
    [id, status, closedBy, movementId ?? null],
  )
}

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
