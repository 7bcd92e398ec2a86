import type pg from 'pg'
import { applyChange } from '../db/repositories/changes.js'
import { claimRequest, storeOutcome } from '../db/repositories/request-keys.js'
import { homeSnapshot, itemForm } from '../db/repositories/snapshots.js'
import { ensureWorkspace } from '../db/repositories/workspaces.js'
import { withSavepoint, withTransaction } from '../db/transaction.js'
import { asAppError, RefusedError, UnavailableError } from '../errors.js'
import { countFallback } from '../metrics.js'
import { withRetry } from '../resilience/retry.js'
import { alertState, alertsOff, setAlerts } from './alerts.js'
import { editItem, newItem, newLocation } from './catalog.js'
import type { ChangeAction, ChangeCommand, Command, ReadAction } from './commands.js'
import type { ChangeContext } from './context.js'
import { Ambiguous } from './naming.js'
import { answer } from './queries.js'
import { decideReorder, requestReorder } from './reorders.js'
import type { ChangeResult, HomeLimits, HomeSnapshot, ItemForm, Outcome } from './results.js'
import { setConfirmAbove } from './settings.js'

/**
 * Applied by one call of the database function `inventory_apply`, in one
 * statement and one round trip: claim the request key, check, update the
 * balances, number and write the ledger, evaluate the alert, store the outcome
 * (migrations 0005–0008, one plpgsql function per verb).
 */
const IN_ONE_STATEMENT = 'in one statement'

type Handlers = {
  [V in ChangeAction['verb']]:
    | typeof IN_ONE_STATEMENT
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
  new: newItem,
  'item.min': editItem,
  'item.rename': editItem,
  'item.archive': editItem,
  'item.restore': editItem,
  'location.new': newLocation,
  'settings.confirm': setConfirmAbove,
  'alerts.set': setAlerts,
  'alerts.off': alertsOff,
  'alert.snooze': alertState,
  'alert.ordered': alertState,
  'request.new': requestReorder,
  'request.approve': decideReorder,
  'request.reject': decideReorder,
}

export interface InventoryService {
  /**
   * Applies a change exactly once per request key, in one transaction: the
   * first outcome (result or refusal) is stored with the key and returned to
   * every repeat. Stock changes take one statement (see CHANGES). Throws only
   * when the change could not be attempted (database unreachable, a bug): then
   * nothing was stored and it may be retried.
   */
  apply(command: ChangeCommand): Promise<Outcome>
  /**
   * Answers a read from the primary; when the primary cannot be reached and a
   * replica is configured, from the replica, marked as possibly stale.
   */
  read(command: Command & { action: ReadAction }): Promise<Outcome>
  /** The App Home's lists for one person. */
  home(teamId: string, userId: string, limits: HomeLimits): Promise<HomeSnapshot>
  /** What a modal about one item needs (throws RefusedError UNKNOWN_ITEM). */
  itemForm(teamId: string, sku: string): Promise<ItemForm>
  /** Whether this person is an admin (ADMIN_USERS): undo others' movements, approve requests, settings, dlq. */
  isAdmin(userId: string): boolean
}

export function makeInventoryService(deps: {
  pool: pg.Pool
  replica?: pg.Pool | undefined
  admins: readonly string[]
}): InventoryService {
  const admins = new Set(deps.admins)

  async function apply(command: ChangeCommand): Promise<Outcome> {
    const handler = CHANGES[command.action.verb]
    const { teamId, enterpriseId, userId, requestKey, action } = command
    const isAdmin = admins.has(userId)
    if (handler === IN_ONE_STATEMENT)
      return withRetry('postgres', () =>
        applyChange(deps.pool, { teamId, enterpriseId, userId, requestKey, isAdmin, action }),
      )
    return inTransaction(command, handler as (c: ChangeContext, a: ChangeAction) => Promise<ChangeResult>)
  }

  /** The rarer changes: several statements in one transaction, the request key claimed first. */
  async function inTransaction(
    command: ChangeCommand,
    handler: (c: ChangeContext, a: ChangeAction) => Promise<ChangeResult>,
  ): Promise<Outcome> {
    return withTransaction(deps.pool, async (tx) => {
      await ensureWorkspace(tx, command.teamId, command.enterpriseId)
      const replay = await claimRequest(tx, command.teamId, command.requestKey)
      if (replay) return replay.ok ? { ...replay, replayed: true } : replay
      const context: ChangeContext = {
        tx,
        teamId: command.teamId,
        userId: command.userId,
        requestKey: command.requestKey,
        isAdmin: admins.has(command.userId),
      }
      // A refusal (or a question: which one?) leaves nothing of the change behind, and is stored for replay like a result.
      const outcome: Outcome = await withSavepoint(
        tx,
        async () => ({ ok: true, result: await handler(context, command.action) }),
        (error) =>
          error instanceof RefusedError
            ? { ok: false, code: error.code, details: error.details }
            : error instanceof Ambiguous
              ? { ok: true, result: error.choice }
              : undefined,
      )
      await storeOutcome(tx, command.teamId, command.requestKey, outcome)
      return outcome
    })
  }

  async function readFrom(db: pg.Pool, command: Command & { action: ReadAction }): Promise<Outcome> {
    try {
      return {
        ok: true,
        result: await withRetry('postgres', () => answer(db, command.teamId, command.action)),
      }
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
  return {
    apply,
    read,
    home: (teamId, userId, limits) => retried(() => homeSnapshot(deps.pool, teamId, userId, limits)),
    itemForm: (teamId, sku) => retried(() => itemForm(deps.pool, teamId, sku)),
    isAdmin: (userId) => admins.has(userId),
  }
}
