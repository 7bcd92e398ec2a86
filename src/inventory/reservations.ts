import { findItemById } from '../db/repositories/items.js'
import { closeReservation, insertReservation, lockReservation } from '../db/repositories/reservations.js'
import { balanceAt, reserveStock, unreserveStock } from '../db/repositories/stock.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './actions.js'
import { type ChangeContext, insufficient, requireActiveItem, requireLocation } from './context.js'
import type { ReservationResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

/** Holds stock: it stays on hand but is no longer available to issue, move or reserve. */
export async function reserve(c: ChangeContext, a: Act<'reserve'>): Promise<ReservationResult> {
  const item = await requireActiveItem(c, a.sku)
  const location = await requireLocation(c, a.location)
  const balance = await reserveStock(c.tx, item.id, location.id, a.quantity)
  if (!balance) {
    const now = await balanceAt(c.tx, item.id, location.id)
    throw insufficient(item, location.code, now.onHand - now.reserved, a.quantity)
  }
  const number = await insertReservation(c.tx, {
    teamId: c.teamId,
    itemId: item.id,
    locationId: location.id,
    quantity: a.quantity,
    ref: a.ref,
    createdBy: c.userId,
  })
  return {
    kind: 'reservation',
    reservation: number,
    item: { sku: item.sku, name: item.name },
    quantity: a.quantity,
    location: location.code,
    onHand: balance.onHand,
    available: balance.onHand - balance.reserved,
    ...(a.ref ? { ref: a.ref } : {}),
  }
}

/** Gives reserved stock back to available. Anyone may release: it moves no stock and records who did it. */
export async function release(c: ChangeContext, a: Act<'release'>): Promise<ReservationResult> {
  const reservation = await lockReservation(c.tx, c.teamId, a.reservation)
  if (!reservation) throw new RefusedError('UNKNOWN_RESERVATION', { reservation: a.reservation })
  if (reservation.status !== 'open')
    throw new RefusedError('RESERVATION_CLOSED', { reservation: a.reservation, status: reservation.status })
  const balance = await unreserveStock(c.tx, reservation.itemId, reservation.locationId, reservation.quantity)
  await closeReservation(c.tx, reservation.id, 'released', c.userId)
  const item = await findItemById(c.tx, c.teamId, reservation.itemId)
  return {
    kind: 'released',
    reservation: reservation.number,
    item: { sku: item.sku, name: item.name },
    quantity: reservation.quantity,
    location: reservation.location,
    onHand: balance.onHand,
    available: balance.onHand - balance.reserved,
    ...(reservation.ref ? { ref: reservation.ref } : {}),
  }
}
