import { lockSettings, setConfirmThreshold, setDefaultRole } from '../db/repositories/workspaces.js'
import type { ChangeAction } from './commands.js'
import { audit, type ChangeContext } from './context.js'
import type { ChangeResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

/** `settings confirm-above N` (managers): changes above N units ask first. */
export async function setConfirmAbove(c: ChangeContext, a: Act<'settings.confirm'>): Promise<ChangeResult> {
  const before = await lockSettings(c.tx, c.teamId)
  await setConfirmThreshold(c.tx, c.teamId, a.threshold)
  await audit(c, {
    action: 'settings.confirm-above',
    before: { confirmAbove: before.confirmAbove },
    after: { confirmAbove: a.threshold },
  })
  return { kind: 'settings-changed', confirmAbove: a.threshold }
}

/** `settings default-role viewer|clerk` (admins): the role of everyone without a grant. */
export async function changeDefaultRole(
  c: ChangeContext,
  a: Act<'settings.default-role'>,
): Promise<ChangeResult> {
  const before = await lockSettings(c.tx, c.teamId)
  await setDefaultRole(c.tx, c.teamId, a.role)
  await audit(c, {
    action: 'settings.default-role',
    before: { defaultRole: before.defaultRole },
    after: { defaultRole: a.role },
  })
  return { kind: 'settings-changed', defaultRole: a.role }
}
