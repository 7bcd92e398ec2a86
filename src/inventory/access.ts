import type { Queryable } from '../db/pool.js'
import { recordAudit } from '../db/repositories/audit.js'
import { grantersOf } from '../db/repositories/roles.js'
import type { ErrorDetails } from '../errors.js'
import type { Action, Command } from './commands.js'
import type { Outcome } from './results.js'
import { rightOf } from './rights.js'
import { type Access, allows, type Role, roleAt } from './roles.js'

/** Who asks, as far as deciding what they may do goes. */
export type Asker = Pick<Command, 'teamId' | 'enterpriseId' | 'userId' | 'slackAdmin'> & {
  readonly requestKey?: string
}

/** Why someone may not do something: what they asked, the role it needs and where, and what they have. */
export interface Denial {
  readonly verb: string
  readonly role: Role
  readonly location?: string
  readonly has: Role
}

/** The denial when `access` does not hold what `action` needs (rights.ts); undefined when it does. */
export function denial(access: Access, action: Action): Denial | undefined {
  const { role, location } = rightOf(action)
  if (allows(access, role, location)) return undefined
  return { verb: action.verb, role, has: roleAt(access, location), ...(location ? { location } : {}) }
}

/**
 * Records a denial in the audit trail (pass the transaction the refusal is
 * stored in, when there is one) and returns the refusal: NEEDS_ROLE, naming up
 * to three admins who can grant the role.
 */
export async function refuse(
  db: Queryable,
  asker: Asker,
  why: Denial,
  attempt: Readonly<{ verb: string; sku?: string | undefined }>,
): Promise<Extract<Outcome, { ok: false }>> {
  await recordAudit(db, {
    teamId: asker.teamId,
    enterpriseId: asker.enterpriseId,
    actor: asker.userId,
    action: 'denied',
    subject: attempt.sku,
    details: { ...why, action: attempt },
    requestKey: asker.requestKey,
  })
  const admins = await grantersOf(db, asker.teamId)
  const details: ErrorDetails = { ...why, ...(admins.length ? { admins: admins.join(',') } : {}) }
  return { ok: false, code: 'NEEDS_ROLE', details }
}
