import type pg from 'pg'
import { claimRequest, storeOutcome } from '../db/repositories/requests.js'
import { ensureWorkspace } from '../db/repositories/workspaces.js'
import { withTransaction } from '../db/transaction.js'
import { asAppError, RefusedError, UnavailableError } from '../errors.js'
import { withRetry } from '../resilience/retry.js'
import type { ChangeAction, ChangeCommand, Command, ReadAction } from './actions.js'
import { editItem, newItem, newLocation } from './catalog.js'
import type { ChangeContext } from './context.js'
import { answer } from './queries.js'
import { release, reserve } from './reservations.js'
import type { ChangeResult, Outcome } from './results.js'
import { count, issue, move, receive } from './stock-changes.js'
import { undo } from './undo.js'

type Handlers = {
  [V in ChangeAction['verb']]: (
    c: ChangeContext,
    a: Extract<ChangeAction, { verb: V }>,
  ) => Promise<ChangeResult>
}

const CHANGES: Handlers = {
  receive,
  issue,
  move,
  count,
  reserve,
  release,
  undo,
  new: newItem,
  'item.min': editItem,
  'item.rename': editItem,
  'item.archive': editItem,
  'item.restore': editItem,
  'location.new': newLocation,
}

export interface InventoryService {
  /**
   * Applies a change exactly once per request key, in one transaction: the
   * first outcome (result or refusal) is stored with the key and returned to
   * every repeat. Throws only when the change could not be attempted (database
   * unreachable, a bug): then nothing was stored and it may be retried.
   */
  apply(command: ChangeCommand): Promise<Outcome>
  /**
   * Answers a read from the primary; when the primary cannot be reached and a
   * replica is configured, from the replica, marked as possibly stale.
   */
  read(command: Command & { action: ReadAction }): Promise<Outcome>
}

export function makeInventoryService(deps: {
  pool: pg.Pool
  replica?: pg.Pool | undefined
  admins: readonly string[]
  onReplicaRead?: () => void
}): InventoryService {
  const admins = new Set(deps.admins)

  async function apply(command: ChangeCommand): Promise<Outcome> {
    return withTransaction(deps.pool, async (tx) => {
      await ensureWorkspace(tx, command.teamId, command.enterpriseId)
      const replay = await claimRequest(tx, command.teamId, command.requestKey)
      if (replay) return replay
      const context: ChangeContext = {
        tx,
        teamId: command.teamId,
        userId: command.userId,
        requestKey: command.requestKey,
        isAdmin: admins.has(command.userId),
      }
      await tx.query('SAVEPOINT change')
      let outcome: Outcome
      try {
        const handler = CHANGES[command.action.verb] as (
          c: ChangeContext,
          a: ChangeAction,
        ) => Promise<ChangeResult>
        outcome = { ok: true, result: await handler(context, command.action) }
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error
        await tx.query('ROLLBACK TO SAVEPOINT change')
        outcome = { ok: false, code: error.code, details: error.details }
      }
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
      deps.onReplicaRead?.()
      const outcome = await readFrom(deps.replica, command)
      return outcome.ok ? { ...outcome, stale: true } : outcome
    }
  }

  return { apply, read }
}
