import type { ChangeAction } from '../../inventory/commands.js'
import type { Outcome } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

/** A change for `inventory_apply`: who asks, where, under which request key, and what. */
export interface ChangeRequest {
  readonly teamId: string
  readonly enterpriseId?: string | undefined
  readonly userId: string
  readonly requestKey: string
  /** ADMIN_USERS: an admin whatever a grant says. */
  readonly isAdmin: boolean
  /** Slack says they own or administer the workspace: an admin unless given another role. */
  readonly slackAdmin?: boolean
  readonly action: ChangeAction
}

/** The result kinds `inventory_apply` answers with (see migrations 0006–0008, 0012 for `choose`, 0014). */
const KINDS: ReadonlySet<string> = new Set([
  'movement',
  'reservation',
  'released',
  'confirm',
  'cancelled',
  'choose',
])

/**
 * Applies a change in one statement, one round trip: the database function
 * `inventory_apply` claims the request key, runs the verb, stores the outcome
 * for replay and returns it (the stored one, marked `replayed`, for a repeat).
 * A named prepared statement: each connection plans it once.
 */
export async function applyChange(db: Queryable, change: ChangeRequest): Promise<Outcome> {
  const { rows } = await db.query<{ outcome: unknown }>({
    name: 'inventory_apply',
    text: 'SELECT inventory_apply($1::jsonb) AS outcome',
    values: [JSON.stringify(change)],
  })
  return toOutcome(rows[0]?.outcome)
}

/**
 * The function's JSON, checked where it enters the bot: a result of a kind it
 * produces, or a refusal with a code. Its fields are built in SQL in the shapes
 * of results.ts (the integration tests read every one through the replies).
 */
export function toOutcome(json: unknown): Outcome {
  const o = json as Record<string, unknown> | null
  const result = o?.result as { kind?: unknown } | undefined
  if (o?.ok === true && typeof result?.kind === 'string' && KINDS.has(result.kind)) return o as Outcome
  if (o?.ok === false && typeof o.code === 'string' && typeof o.details === 'object') return o as Outcome
  throw new Error(`inventory_apply answered something that is not an outcome: ${JSON.stringify(json)}`)
}
