import {
  decidePendingChange,
  insertPendingChange,
  lockPendingChange,
} from '../db/repositories/pending-changes.js'
import { RefusedError } from '../errors.js'
import { type ChangeAction, CONFIRMABLE_VERBS } from './actions.js'
import type { ChangeContext } from './context.js'
import type { ChangeResult, MovementResult } from './results.js'

/** A Confirm button older than this no longer applies its change. */
export const PENDING_TTL_MS = 60 * 60 * 1000

/** How much a movement changes: its largest line (an issue's quantity, a move's, a count's variance). */
const sizeOf = (m: MovementResult) => Math.max(0, ...m.lines.map((l) => Math.abs(l.delta)))

/**
 * Whether a change that just succeeded (inside a savepoint) is big enough to
 * ask first. The caller rolls it back and stores it as pending instead, so a
 * change that would be refused anyway is refused at once, without asking.
 */
export async function needsConfirmation(
  c: ChangeContext,
  action: ChangeAction,
  result: ChangeResult,
): Promise<number | undefined> {
  if (!CONFIRMABLE_VERBS.has(action.verb) || result.kind !== 'movement') return undefined
  const threshold = c.settings.confirmAbove
  return sizeOf(result) > threshold ? threshold : undefined
}

export async function askFirst(
  c: ChangeContext,
  action: ChangeAction,
  preview: MovementResult,
  threshold: number,
) {
  const pending = await insertPendingChange(c.tx, c.teamId, c.userId, action)
  return { kind: 'confirm', pending, threshold, preview } as const
}

/**
 * Confirm: applies the pending change once (the row is locked and its status
 * moves on once), under the request key `pending:<id>`. Only the person who
 * asked may confirm or cancel.
 */
export async function confirm(
  c: ChangeContext,
  a: Extract<ChangeAction, { verb: 'change.confirm' | 'change.cancel' }>,
  apply: (c: ChangeContext, action: ChangeAction) => Promise<ChangeResult>,
): Promise<ChangeResult> {
  const pending = await lockPendingChange(c.tx, c.teamId, a.pending)
  if (!pending) throw new RefusedError('UNKNOWN_PENDING')
  if (pending.userId !== c.userId) throw new RefusedError('NOT_YOURS', { user: pending.userId })
  if (pending.status !== 'pending') throw new RefusedError('PENDING_DECIDED', { status: pending.status })
  if (a.verb === 'change.cancel') {
    await decidePendingChange(c.tx, pending.id, 'cancelled')
    return { kind: 'cancelled', pending: pending.id }
  }
  if (pending.ageMs > PENDING_TTL_MS) throw new RefusedError('PENDING_EXPIRED')
  await decidePendingChange(c.tx, pending.id, 'confirmed')
  return apply({ ...c, requestKey: `pending:${pending.id}` }, pending.action)
}
