import type pg from 'pg'
import { recordAudit } from '../db/repositories/audit.js'
import {
  findDeadLetter,
  listDeadLetters,
  lockDeadLetter,
  resolveDeadLetter,
} from '../db/repositories/dead-letters.js'
import { withTransaction } from '../db/transaction.js'
import { RefusedError } from '../errors.js'
import type { AdminAction, Command } from '../inventory/commands.js'
import type { DeadLetter, Outcome } from '../inventory/results.js'
import { NO_RETRY } from '../resilience/retry.js'
import type { Broker } from './broker.js'
import { jobProperties, parseJob } from './jobs.js'
import type { Topology } from './topology.js'

/**
 * What operators and admins do with dead letters (`npm run dlq`, `/inventory dlq`):
 * list, show, replay, drop. `teamId` limits each to one workspace.
 */
export function createDeadLetters(deps: {
  pool: pg.Pool
  broker?: Broker | undefined
  topology?: Topology | undefined
  publishTimeoutMs: number
}) {
  /** Marks a dead letter resolved, once; `before` runs first, holding its row lock (a replay publishes there). */
  function resolve(
    id: number,
    status: 'replayed' | 'dropped',
    by: string,
    teamId?: string,
    before?: (letter: DeadLetter) => Promise<void>,
  ): Promise<DeadLetter> {
    return withTransaction(
      deps.pool,
      async (tx) => {
        const letter = await lockDeadLetter(tx, id, teamId)
        if (!letter) throw new RefusedError('UNKNOWN_DEAD_LETTER', { id })
        if (letter.status !== 'dead')
          throw new RefusedError('DEAD_LETTER_RESOLVED', { id, status: letter.status })
        await before?.(letter)
        await resolveDeadLetter(tx, id, status, by)
        // A letter too malformed to name its workspace is an operator's matter, audited under `unknown`.
        await recordAudit(tx, {
          teamId: letter.teamId ?? 'unknown',
          actor: by,
          action: status === 'replayed' ? 'dlq.replay' : 'dlq.drop',
          subject: String(id),
          before: { status: letter.status },
          after: { status },
          ...(letter.requestKey ? { details: { requestKey: letter.requestKey } } : {}),
        })
        return { ...letter, status }
      },
      // A replay has published by the time anything could fail: trying again would publish twice.
      { retry: NO_RETRY },
    )
  }

  return {
    list: (teamId?: string, limit = 50): Promise<DeadLetter[]> => listDeadLetters(deps.pool, teamId, limit),
    async show(id: number, teamId?: string): Promise<DeadLetter> {
      const letter = await findDeadLetter(deps.pool, id, teamId)
      if (!letter) throw new RefusedError('UNKNOWN_DEAD_LETTER', { id })
      return letter
    },
    /** Publishes the original job again; a job that had in fact been applied replays its stored outcome. */
    replay(id: number, by: string, teamId?: string): Promise<DeadLetter> {
      return resolve(id, 'replayed', by, teamId, async (letter) => {
        const parsed = parseJob(Buffer.from(letter.payload))
        if (!parsed.success) throw new RefusedError('DEAD_LETTER_MALFORMED', { id })
        if (!deps.broker || !deps.topology) throw new RefusedError('QUEUE_MODE_OFF')
        await deps.broker.publish(
          deps.topology.commands,
          Buffer.from(letter.payload),
          jobProperties(parsed.job.command),
          deps.publishTimeoutMs,
        )
      })
    },
    drop: (id: number, by: string, teamId?: string) => resolve(id, 'dropped', by, teamId),
  }
}

export type DeadLetters = ReturnType<typeof createDeadLetters>

/**
 * `/inventory dlq [list | show ID | replay ID | drop ID]`: the operators' tool,
 * for admins (the executor checks the role first), limited to their own workspace.
 */
export async function answerDlq(
  deadLetters: DeadLetters | undefined,
  command: Command,
  action: AdminAction,
): Promise<Outcome> {
  try {
    if (!deadLetters) throw new RefusedError('QUEUE_MODE_OFF')
    const team = command.teamId
    const id = action.id ?? 0
    switch (action.op) {
      case 'list':
        return { ok: true, result: { kind: 'dead-letters', letters: await deadLetters.list(team) } }
      case 'show':
        return { ok: true, result: { kind: 'dead-letter', letter: await deadLetters.show(id, team) } }
      case 'replay': {
        const letter = await deadLetters.replay(id, command.userId, team)
        return { ok: true, result: { kind: 'dead-letter-resolved', letter } }
      }
      case 'drop': {
        const letter = await deadLetters.drop(id, command.userId, team)
        return { ok: true, result: { kind: 'dead-letter-resolved', letter } }
      }
    }
  } catch (error) {
    if (error instanceof RefusedError) return { ok: false, code: error.code, details: error.details }
    throw error
  }
}
