import { z } from 'zod'

/** The roles of a workspace, each including the ones before it. */
export const ROLES = ['viewer', 'clerk', 'manager', 'admin'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

/** What a workspace may give everyone without a grant (`settings default-role`). */
export const DefaultRole = z.enum(['viewer', 'clerk'])
export type DefaultRole = z.infer<typeof DefaultRole>
/** A new workspace's default role: existing installs keep working as before roles existed. */
export const DEFAULT_ROLE: DefaultRole = 'clerk'

const rank = (role: Role) => ROLES.indexOf(role)

/** What the database knows about one person in one workspace (`roleFactsSql`). */
export const RoleFacts = z.object({
  defaultRole: DefaultRole,
  grant: z.object({ role: Role, locations: z.array(z.string()).nullable() }).nullable(),
})
export type RoleFacts = z.infer<typeof RoleFacts>

/** What one person may do in one workspace, and why. */
export interface Access {
  readonly role: Role
  /** Limited to these location codes; absent: everywhere. */
  readonly locations?: readonly string[]
  /**
   * Why: a grant (`role @user …`), the workspace's default role, Slack's own
   * workspace owner or admin (users.info), or ADMIN_USERS (break-glass).
   */
  readonly source: 'grant' | 'default' | 'slack' | 'break-glass'
}

/**
 * Who someone is, in order: ADMIN_USERS are admins whatever else is said (the
 * deployment's break-glass); a grant decides next; Slack's workspace owners and
 * admins are admins until given another role; everyone else has the default role.
 */
export function accessOf(facts: RoleFacts, who: { breakGlass: boolean; slackAdmin: boolean }): Access {
  if (who.breakGlass) return { role: 'admin', source: 'break-glass' }
  if (facts.grant)
    return {
      role: facts.grant.role,
      ...(facts.grant.locations ? { locations: facts.grant.locations } : {}),
      source: 'grant',
    }
  if (who.slackAdmin) return { role: 'admin', source: 'slack' }
  return { role: facts.defaultRole, source: 'default' }
}

/**
 * The role that counts at a location. A role limited to locations counts in
 * full only there; elsewhere, and for what has no location (items, settings,
 * requests), it counts as viewer.
 */
export function roleAt(access: Access, location?: string): Role {
  if (!access.locations) return access.role
  return location !== undefined && access.locations.includes(location) ? access.role : 'viewer'
}

/** Whether `access` holds `needed` (or more) at `location`, or for what has no location. */
export const allows = (access: Access, needed: Role, location?: string): boolean =>
  rank(roleAt(access, location)) >= rank(needed)

/** Whether `access` holds `needed` at some location: a form that lets you pick the location is worth opening. */
export const allowsSomewhere = (access: Access, needed: Role): boolean => rank(access.role) >= rank(needed)
