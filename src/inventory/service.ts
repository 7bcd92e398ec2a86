import type pg from 'pg'
import { applyChange } from '../db/repositories/changes.js'
import { claimRequest, storeOutcome } from '../db/repositories/request-keys.js'
import { roleFacts } from '../db/repositories/roles.js'
import { homeSnapshot, itemForm } from '../db/repositories/snapshots.js'
import { ensureWorkspace } from '../db/repositories/workspaces.js'
import { withSavepoint, withTransaction } from '../db/transaction.js'
import { asAppError, RefusedError, UnavailableError } from '../errors.js'
import { countFallback } from '../metrics.js'
import { withRetry } from '../resilience/retry.js'
import { type Asker, type Denial, denial, refuse } from './access.js'
import { alertState, alertsOff, setAlerts } from './alerts.js'
import { editItem, newItem, newLocation } from './catalog.js'
import { keepQuestion, pickedChange } from './choices.js'
import type { ChangeAction, ChangeCommand, Command, ReadAction, Verb } from './commands.js'
import { atNamedLocation, type ChangeContext } from './context.js'
import { setRole } from './grants.js'
import { Ambiguous } from './naming.js'
import { answer } from './queries.js'
import { decideReorder, requestReorder } from './reorders.js'
import type { ChangeResult, HomeLimits, HomeSnapshot, ItemForm, Outcome } from './results.js'
import { rightOf } from './rights.js'
import { type Access, accessOf } from './roles.js'
import { changeDefaultRole, setConfirmAbove } from './settings.js'

/**
 * Applied by one call of the database function `inventory_apply`, in one
 * statement and one round trip: claim the request key, check who asks may,
 * update the balances, number and write the ledger, evaluate the alert, store
 * the outcome (migrations 0005–0008, 0012, 0014–0018, one plpgsql function per verb).
 */
const IN_ONE_STATEMENT = 'in one statement'
/** A pick on "Which one?": the change its question kept runs, as itself (see `pickedChange`). */
const AS_THE_CHANGE_PICKED = 'as the change picked'

type Handlers = {
  [V in ChangeAction['verb']]:
    | typeof IN_ONE_STATEMENT
    | typeof AS_THE_CHANGE_PICKED
    | ((c: ChangeContext, a: Extract<ChangeAction, { verb: V }>) => Promise<ChangeResult>)
}

/** Every change, and where it is applied. docs/architecture.md says why the rarer ones take several statements. */
const CHANGES: Handlers = {
  receive: IN_ONE_STATEMENT,
  issue: IN_ONE_STATEMENT,
  move: IN_ONE_STATEMENT,
  count: IN_ONE_STATEMENT,
  reserve: IN_ONE_STATEMENT,
  release: IN_ONE_STATEMENT,
  undo: IN_ONE_STATEMENT,
  'change.confirm': IN_ONE_STATEMENT,
  'change.cancel': IN_ONE_STATEMENT,
  'change.choose': AS_THE_CHANGE_PICKED,
  new: newItem,
  'item.min': editItem,
  'item.rename': editItem,
  'item.archive': editItem,
  'item.restore': editItem,
  'location.new': newLocation,
  'settings.confirm': setConfirmAbove,
  'settings.default-role': changeDefaultRole,
  'alerts.set': setAlerts,
  'alerts.off': alertsOff,
  'alert.snooze': alertState,
  'alert.ordered': alertState,
  'request.new': requestReorder,
  'request.approve': decideReorder,
  'request.reject': decideReorder,
  'role.set': setRole,
}

export interface InventoryService {
  /**
   * Applies a change exactly once per request key, in one transaction: the
   * first outcome (result or refusal) is stored with the key and returned to
   * every repeat. Who asks is checked in that transaction (rights.ts); a
   * denial is recorded in the audit trail. Stock changes take one statement
   * (see CHANGES). Throws only when the change could not be attempted
   * (database unreachable, a bug): then nothing was stored and it may be retried.
   */
  apply(command: ChangeCommand): Promise<Outcome>
  /**
   * Answers a read from the primary; when the primary cannot be reached and a
   * replica is configured, from the replica, marked as possibly stale. Call
   * `authorize` first for a read someone asked for.
   */
  read(command: Command & { action: ReadAction }): Promise<Outcome>
  /**
   * Whether the asker may run a read or an admin action: undefined when they
   * may, else the refusal (recorded in the audit trail). What everyone may read costs no query.
   */
  authorize(command: Command): Promise<Outcome | undefined>
  /** What one person may do in their workspace. */
  access(asker: Asker): Promise<Access>
  /** Records a denial decided on the Slack side (a form someone may not open) and returns the refusal. */
  deny(asker: Asker, why: Denial, attempt: { verb: Verb; sku?: string }): Promise<Outcome>
  /** The App Home's lists for one person, with what they may do. */
  home(asker: Asker, limits: HomeLimits): Promise<HomeSnapshot>
  /** What a modal about one item needs, with what the asker may do (throws RefusedError UNKNOWN_ITEM). */
  itemForm(asker: Asker, sku: string): Promise<ItemForm>
}

export function makeInventoryService(deps: {
  pool: pg.Pool
  replica?: pg.Pool | undefined
  /** ADMIN_USERS: admins whatever a grant says (break-glass). */
  admins: readonly string[]
}): InventoryService {
  const breakGlass: ReadonlySet<string> = new Set(deps.admins)
  const whoIs = (asker: Asker) => ({
    breakGlass: breakGlass.has(asker.userId),
    slackAdmin: asker.slackAdmin === true,
  })

  async function apply(command: ChangeCommand): Promise<Outcome> {
    const handler = CHANGES[command.action.verb]
    const { teamId, enterpriseId, userId, requestKey, action } = command
    const { breakGlass: isAdmin, slackAdmin } = whoIs(command)
    if (handler === IN_ONE_STATEMENT)
      return withRetry('postgres', () =>
        applyChange(deps.pool, { teamId, enterpriseId, userId, requestKey, isAdmin, slackAdmin, action }),
      )
    if (handler === AS_THE_CHANGE_PICKED) {
      const picked = await pickedChange(
        deps.pool,
        command as ChangeCommand & { action: { verb: 'change.choose' } },
      )
      return 'action' in picked ? apply(picked) : picked
    }
    return inTransaction(command, handler as (c: ChangeContext, a: ChangeAction) => Promise<ChangeResult>)
  }

  /** The rarer changes: several statements in one transaction, the request key claimed first, then the right checked. */
  async function inTransaction(
    command: ChangeCommand,
    handler: (c: ChangeContext, a: ChangeAction) => Promise<ChangeResult>,
  ): Promise<Outcome> {
    return withTransaction(deps.pool, async (tx) => {
      await ensureWorkspace(tx, command.teamId, command.enterpriseId)
      const replay = await claimRequest(tx, command.teamId, command.requestKey)
      if (replay) return replay.ok ? { ...replay, replayed: true } : replay
      const access = accessOf(await roleFacts(tx, command.teamId, command.userId), whoIs(command))
      const action = await atNamedLocation({ tx, teamId: command.teamId }, command.action)
      const denied = denial(access, action)
      // A denial is stored for replay like any refusal, and recorded in the audit trail with it.
      // A refusal (or a question: which one?) leaves nothing of the change behind, and is stored for replay like a result.
      let outcome: Outcome = denied
        ? await refuse(tx, command, denied, command.action)
        : await withSavepoint(
            tx,
            async () => ({ ok: true, result: await handler(contextOf(tx, command, access), action) }),
            (error) =>
              error instanceof RefusedError
                ? { ok: false, code: error.code, details: error.details }
                : error instanceof Ambiguous
                  ? { ok: true, result: error.choice }
                  : undefined,
          )
      if (outcome.ok && outcome.result.kind === 'choose')
        outcome = { ok: true, result: await keepQuestion({ tx, ...command }, command.action, outcome.result) }
      await storeOutcome(tx, command.teamId, command.requestKey, outcome)
      return outcome
    })
  }

  const contextOf = (tx: ChangeContext['tx'], command: ChangeCommand, access: Access): ChangeContext => ({
    tx,
    teamId: command.teamId,
    enterpriseId: command.enterpriseId,
    userId: command.userId,
    requestKey: command.requestKey,
    access,
    breakGlass,
  })

  async function readFrom(db: pg.Pool, command: Command & { action: ReadAction }): Promise<Outcome> {
    const asker = { teamId: command.teamId, userId: command.userId, who: whoIs(command), breakGlass }
    try {
      return { ok: true, result: await withRetry('postgres', () => answer(db, asker, command.action)) }
    } catch (error) {
      if (error instanceof RefusedError) return { ok: false, code: error.code, details: error.details }
      throw error
    }
  }

  async function read(command: Command & { action: ReadAction }): Promise<Outcome> {
    try {
      return await readFrom(deps.pool, command)
    } catch (error) {
      if (!deps.replica || !(asAppError(error) instanceof UnavailableError)) throw error
      countFallback('replica_read')
      const outcome = await readFrom(deps.replica, command)
      return outcome.ok ? { ...outcome, stale: true } : outcome
    }
  }

  const retried = <T>(call: () => Promise<T>) => withRetry('postgres', call)
  const access = async (asker: Asker) =>
    accessOf(await retried(() => roleFacts(deps.pool, asker.teamId, asker.userId)), whoIs(asker))

  return {
    apply,
    read,
    async authorize(command) {
      if (rightOf(command.action).role === 'viewer') return undefined
      const denied = denial(await access(command), command.action)
      return denied && retried(() => refuse(deps.pool, command, denied, command.action))
    },
    access,
    deny: (asker, why, attempt) => retried(() => refuse(deps.pool, asker, why, attempt)),
    async home(asker, limits) {
      const { facts, ...snapshot } = await retried(() =>
        homeSnapshot(deps.pool, asker.teamId, asker.userId, limits),
      )
      return { ...snapshot, access: accessOf(facts, whoIs(asker)) }
    },
    async itemForm(asker, sku) {
      const { facts, ...form } = await retried(() => itemForm(deps.pool, asker.teamId, asker.userId, sku))
      return { ...form, access: accessOf(facts, whoIs(asker)) }
    },
  }
}
