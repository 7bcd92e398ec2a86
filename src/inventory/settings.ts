import { setConfirmThreshold } from '../db/repositories/workspaces.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './commands.js'
import type { ChangeContext } from './context.js'
import type { ChangeResult } from './results.js'

/** `settings confirm-above N`: admins only. */
export async function setConfirmAbove(
  c: ChangeContext,
  a: Extract<ChangeAction, { verb: 'settings.confirm' }>,
): Promise<ChangeResult> {
  if (!c.isAdmin) throw new RefusedError('NOT_ALLOWED')
  await setConfirmThreshold(c.tx, c.teamId, a.threshold)
  return { kind: 'settings-changed', confirmAbove: a.threshold }
}
