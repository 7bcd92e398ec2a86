import { findLocations } from '../db/repositories/locations.js'
import { lockGrantsForChange, putGrant, type RoleGrant, removeGrant } from '../db/repositories/roles.js'
import { settingsOf } from '../db/repositories/workspaces.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './commands.js'
import { audit, type ChangeContext } from './context.js'
import type { RoleResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

const asJson = (grant: RoleGrant | undefined) =>
  grant && { role: grant.role, ...(grant.locations ? { locations: grant.locations } : {}) }

/**
 * `role @user ROLE [at LOC,…]` grants (replacing any grant they had); `role @user
 * none` takes the grant away, so they fall back to the default role (or to
 * admin, for Slack's workspace owners and admins).
 *
 * Nobody removes the last admin. Only admins grant, so whoever changes someone
 * else's role stays an admin; an admin changing their own keeps one only when
 * another admin grant remains. Slack's other admins are not counted: knowing
 * them would mean asking Slack about every member.
 */
export async function setRole(c: ChangeContext, a: Act<'role.set'>): Promise<RoleResult> {
  if (c.breakGlass.has(a.user)) throw new RefusedError('BREAK_GLASS_ADMIN', { user: a.user })
  if (a.role === 'admin' && a.locations) throw new RefusedError('ADMIN_EVERYWHERE')
  const { grant: before, admins } = await lockGrantsForChange(c.tx, c.teamId, a.user)
  const locations = a.locations && (await findLocations(c.tx, c.teamId, a.locations))
  const missing = a.locations?.find((code) => !locations?.some((l) => l.code === code))
  if (missing) throw new RefusedError('UNKNOWN_LOCATION', { location: missing })
  if (a.user === c.userId && a.role !== 'admin' && !admins.some((id) => id !== c.userId))
    throw new RefusedError('LAST_ADMIN', { user: a.user })

  if (a.role === 'none') {
    await removeGrant(c.tx, c.teamId, a.user)
    await audit(c, { action: 'role.revoke', subject: a.user, before: asJson(before) })
    return {
      kind: 'role',
      change: 'revoked',
      user: a.user,
      role: (await settingsOf(c.tx, c.teamId)).defaultRole,
    }
  }
  await putGrant(c.tx, {
    teamId: c.teamId,
    userId: a.user,
    role: a.role,
    locationIds: locations ? locations.map((l) => l.id) : null,
    by: c.userId,
  })
  const codes = locations?.map((l) => l.code).sort()
  await audit(c, {
    action: 'role.grant',
    subject: a.user,
    before: asJson(before),
    after: { role: a.role, ...(codes ? { locations: codes } : {}) },
  })
  return {
    kind: 'role',
    change: 'granted',
    user: a.user,
    role: a.role,
    ...(codes ? { locations: codes } : {}),
  }
}
