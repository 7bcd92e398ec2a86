import { recordMovement } from '../db/repositories/movements.js'
import { receiveReorderRequest } from '../db/repositories/reorders.js'
import { closeReservation, lockReservation } from '../db/repositories/reservations.js'
import { addStock, applyDeltas, balanceAt, lockBalances, takeStock } from '../db/repositories/stock.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './actions.js'
import {
  type ChangeContext,
  insufficient,
  movementResult,
  requireActiveItem,
  requireLocation,
} from './context.js'
import { approvedRequestFor, summaryOf } from './reorders.js'
import type { MovementResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

const movementOf = (c: ChangeContext) => ({ teamId: c.teamId, actor: c.userId, requestKey: c.requestKey })

export async function receive(c: ChangeContext, a: Act<'receive'>): Promise<MovementResult> {
  const item = await requireActiveItem(c, a.sku)
  const location = await requireLocation(c, a.location)
  const request = a.request === undefined ? undefined : await approvedRequestFor(c, a.request, item.id)
  const balance = await addStock(c.tx, c.teamId, item.id, location.id, a.quantity)
  const line = { location: location.code, delta: a.quantity, onHand: balance.onHand }
  const { number } = await recordMovement(c.tx, {
    ...movementOf(c),
    kind: 'receive',
    itemId: item.id,
    quantity: a.quantity,
    note: a.note,
    lines: [{ locationId: location.id, delta: a.quantity, onHandAfter: balance.onHand }],
  })
  const closed = request && (await receiveReorderRequest(c.tx, request.id, c.userId, number))
  return movementResult('receive', number, item, a.quantity, [line], {
    note: a.note,
    closedRequest: closed && summaryOf(closed),
  })
}

export async function issue(c: ChangeContext, a: Act<'issue'>): Promise<MovementResult> {
  const item = await requireActiveItem(c, a.sku)
  const reservation =
    a.reservation === undefined ? undefined : await openReservationFor(c, a.reservation, item.id)
  if (reservation && a.location && a.location !== reservation.location)
    throw new RefusedError('RESERVATION_MISMATCH', {
      reservation: reservation.number,
      location: reservation.location,
    })
  const location = reservation
    ? { id: reservation.locationId, code: reservation.location }
    : await requireLocation(c, a.location)
  const released = reservation?.quantity ?? 0
  const balance = await takeStock(c.tx, item.id, location.id, a.quantity, released)
  if (!balance) {
    const now = await balanceAt(c.tx, item.id, location.id)
    throw insufficient(item, location.code, now.onHand - now.reserved + released, a.quantity)
  }
  const movement = await recordMovement(c.tx, {
    ...movementOf(c),
    kind: 'issue',
    itemId: item.id,
    quantity: a.quantity,
    note: a.note,
    lines: [{ locationId: location.id, delta: -a.quantity, onHandAfter: balance.onHand }],
  })
  if (reservation) await closeReservation(c.tx, reservation.id, 'consumed', c.userId, movement.id)
  const line = { location: location.code, delta: -a.quantity, onHand: balance.onHand }
  return movementResult('issue', movement.number, item, a.quantity, [line], {
    note: a.note,
    reservation: reservation?.number,
  })
}

async function openReservationFor(c: ChangeContext, number: number, itemId: number) {
  const reservation = await lockReservation(c.tx, c.teamId, number)
  if (!reservation) throw new RefusedError('UNKNOWN_RESERVATION', { reservation: number })
  if (reservation.status !== 'open')
    throw new RefusedError('RESERVATION_CLOSED', { reservation: number, status: reservation.status })
  if (reservation.itemId !== itemId) throw new RefusedError('RESERVATION_MISMATCH', { reservation: number })
  return reservation
}

export async function move(c: ChangeContext, a: Act<'move'>): Promise<MovementResult> {
  if (a.from === a.to) throw new RefusedError('SAME_LOCATION', { location: a.from })
  const item = await requireActiveItem(c, a.sku)
  const from = await requireLocation(c, a.from)
  const to = await requireLocation(c, a.to)
  const balances = await lockBalances(c.tx, c.teamId, item.id, [from.id, to.id])
  const source = balances.get(from.id) ?? { onHand: 0, reserved: 0 }
  if (source.onHand - source.reserved < a.quantity)
    throw insufficient(item, from.code, source.onHand - source.reserved, a.quantity)
  const after = await applyDeltas(c.tx, item.id, [
    { locationId: from.id, delta: -a.quantity },
    { locationId: to.id, delta: a.quantity },
  ])
  const legs = [
    { location: from, delta: -a.quantity },
    { location: to, delta: a.quantity },
  ].map((leg) => ({ ...leg, onHand: after.get(leg.location.id)?.onHand ?? 0 }))
  const { number } = await recordMovement(c.tx, {
    ...movementOf(c),
    kind: 'move',
    itemId: item.id,
    quantity: a.quantity,
    note: a.note,
    lines: legs.map((l) => ({ locationId: l.location.id, delta: l.delta, onHandAfter: l.onHand })),
  })
  const lines = legs.map((l) => ({ location: l.location.code, delta: l.delta, onHand: l.onHand }))
  return movementResult('move', number, item, a.quantity, lines, { note: a.note })
}

/** A stocktake: sets on hand to what was counted and records the variance as its own ledger entry. */
export async function count(c: ChangeContext, a: Act<'count'>): Promise<MovementResult> {
  const item = await requireActiveItem(c, a.sku)
  const location = await requireLocation(c, a.location)
  const balances = await lockBalances(c.tx, c.teamId, item.id, [location.id])
  const before = balances.get(location.id) ?? { onHand: 0, reserved: 0 }
  if (a.quantity < before.reserved)
    throw new RefusedError('BELOW_RESERVED', {
      sku: item.sku,
      location: location.code,
      reserved: before.reserved,
      counted: a.quantity,
    })
  const delta = a.quantity - before.onHand
  if (delta !== 0) await applyDeltas(c.tx, item.id, [{ locationId: location.id, delta }])
  const { number } = await recordMovement(c.tx, {
    ...movementOf(c),
    kind: 'count',
    itemId: item.id,
    quantity: a.quantity,
    note: a.note,
    lines: [{ locationId: location.id, delta, onHandAfter: a.quantity }],
  })
  return movementResult(
    'count',
    number,
    item,
    a.quantity,
    [{ location: location.code, delta, onHand: a.quantity }],
    {
      note: a.note,
    },
  )
}
