import type { Asker } from '../../inventory/access.js'
import type { Verb } from '../../inventory/commands.js'
import type { Outcome } from '../../inventory/results.js'
import { RIGHTS } from '../../inventory/rights.js'
import { type Access, allows, allowsSomewhere } from '../../inventory/roles.js'
import type { ListenerDeps } from './deps.js'

/** Forms where the location is chosen: they open for a role held at some location. */
const CHOOSE_LOCATION: ReadonlySet<Verb> = new Set(['receive', 'issue', 'move', 'reserve'])

/**
 * Whether someone may open the form of `verb`: undefined when they may, else
 * the refusal (recorded in the audit trail) to show them. A form where the
 * location is chosen opens for a role held at some location, and offers only
 * those (`locationsFor`). The submission is checked again when it applies.
 */
export async function formRefusal(
  deps: Pick<ListenerDeps, 'service'>,
  asker: Asker,
  attempt: { verb: Verb; sku?: string },
  access: Access,
): Promise<Outcome | undefined> {
  const role = RIGHTS[attempt.verb]
  const may = CHOOSE_LOCATION.has(attempt.verb) ? allowsSomewhere(access, role) : allows(access, role)
  if (may) return undefined
  return deps.service.deny(asker, { verb: attempt.verb, role, has: access.role }, attempt)
}

/** The locations a form of `verb` offers: where the person holds its role. */
export const locationsFor = <L extends { code: string }>(
  access: Access,
  verb: Verb,
  locations: readonly L[],
): L[] => locations.filter((l) => allows(access, RIGHTS[verb], l.code))
