import { findItemById } from '../db/repositories/items.js'
import { lockMovement, recordMovement } from '../db/repositories/movements.js'
import { applyDeltas, lockBalances } from '../db/repositories/stock.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './actions.js'
import { type ChangeContext, movementResult } from './context.js'
import type { MovementResult } from './results.js'

/**
 * Reverses a movement (both legs of a move) by appending the opposite entry.
 * At most once per movement: the original is row-locked, so a second undo waits
 * and then finds the first. Refused when stock has since left and a balance would
 * drop below what is reserved there.
 */
export async function undo(
  c: ChangeContext,
  a: Extract<ChangeAction, { verb: 'undo' }>,
): Promise<MovementResult> {
  const original = await lockMovement(c.tx, c.teamId, a.movement)
  if (!original) throw new RefusedError('UNKNOWN_MOVEMENT', { movement: a.movement })
  if (original.kind === 'undo') throw new RefusedError('NOT_UNDOABLE', { movement: a.movement })
  if (original.undoneBy !== null)
    throw new RefusedError('ALREADY_UNDONE', { movement: a.movement, undoneBy: original.undoneBy })
  if (original.actor !== c.userId && !c.isAdmin)
    throw new RefusedError('NOT_ALLOWED', { movement: a.movement, actor: original.actor })

  const reversal = original.lines.map((l) => ({
    locationId: l.locationId,
    location: l.location,
    delta: -l.delta,
  }))
  const balances = await lockBalances(
    c.tx,
    c.teamId,
    original.itemId,
    reversal.map((l) => l.locationId),
  )
  for (const leg of reversal) {
    const balance = balances.get(leg.locationId) ?? { onHand: 0, reserved: 0 }
    const available = balance.onHand - balance.reserved
    if (available + leg.delta < 0)
      throw new RefusedError('UNDO_WOULD_GO_NEGATIVE', {
        movement: a.movement,
        location: leg.location,
        available,
        needed: -leg.delta,
      })
  }
  const after = await applyDeltas(c.tx, original.itemId, reversal)
  const item = await findItemById(c.tx, c.teamId, original.itemId)
  const lines = reversal.map((l) => ({ ...l, onHand: after.get(l.locationId)?.onHand ?? 0 }))
  const quantity = Math.max(...lines.map((l) => Math.abs(l.delta)))
  const { number } = await recordMovement(c.tx, {
    teamId: c.teamId,
    actor: c.userId,
    requestKey: c.requestKey,
    kind: 'undo',
    itemId: item.id,
    quantity,
    note: undefined,
    undoOf: original.id,
    lines: lines.map((l) => ({ locationId: l.locationId, delta: l.delta, onHandAfter: l.onHand })),
  })
  return movementResult(
    'undo',
    number,
    item,
    quantity,
    lines.map((l) => ({ location: l.location, delta: l.delta, onHand: l.onHand })),
    {
      undoOf: {
        movement: original.number,
        verb: original.kind,
        actor: original.actor,
        lines: original.lines.map((l) => ({ location: l.location, delta: l.delta, onHand: l.onHandAfter })),
        ...(original.note ? { note: original.note } : {}),
      },
    },
  )
}
