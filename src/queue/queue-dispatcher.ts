import type pg from 'pg'
import { type Command, isChange } from '../inventory/commands.js'
import type { Logger } from '../logger.js'
import { countCommand, countFallback } from '../metrics.js'
import { type Broker, PublishUnconfirmedError } from './broker.js'
import type { Dispatched, Dispatcher } from './dispatcher.js'
import { publishJob, toJob } from './jobs.js'
import { saveToOutbox } from './outbox.js'
import type { Topology } from './topology.js'

/** Time kept back from the ack budget for writing the ack itself. */
const ACK_MARGIN_MS = 150

/**
 * Queue mode: a change is made durable, then acknowledged ("working on it"),
 * and a worker applies it. Durable means a publish the broker confirmed (no
 * Postgres on this path, so a slow database does not delay acks) or, when the
 * broker cannot take it in time, a row in the outbox. When neither can, the
 * person is told nothing was accepted. Reads are answered here, like in-process.
 */
export function createQueueDispatcher(deps: {
  inline: Dispatcher
  broker: Broker
  pool: pg.Pool
  topology: Topology
  publishTimeoutMs: number
  ackBudgetMs: number
  logger: Logger
}): Dispatcher {
  return {
    async dispatch(command) {
      if (!isChange(command.action)) return deps.inline.dispatch(command)
      const started = Date.now()
      const job = toJob(command)
      const logger = deps.logger.child({ requestId: command.requestId, verb: command.action.verb })
      let unconfirmed = false
      try {
        await publishJob(deps.broker, deps.topology, job, deps.publishTimeoutMs)
        logger.info('accepted: published to the queue')
        countCommand(command.action.verb, 'queued')
        return ACCEPTED
      } catch (err) {
        unconfirmed = err instanceof PublishUnconfirmedError
        logger.warn({ err }, 'publish failed; saving the command in the outbox')
      }
      try {
        await saveToOutbox(deps.pool, job, deps.ackBudgetMs - (Date.now() - started) - ACK_MARGIN_MS)
        logger.info('accepted: saved in the outbox')
        countCommand(command.action.verb, 'queued')
        countFallback('outbox')
        return ACCEPTED
      } catch (err) {
        logger.error({ err }, 'not accepted: neither the broker nor the outbox took the command')
        countCommand(command.action.verb, 'not_accepted')
        // A publish that timed out may still have reached the queue: do not promise that nothing happens.
        return {
          kind: 'not-accepted',
          code: unconfirmed ? 'NOT_CONFIRMED' : 'NOT_ACCEPTED',
          details: historyHint(command),
        }
      }
    },
    drain: deps.inline.drain,
  }
}

const historyHint = (command: Command): Record<string, string> =>
  'sku' in command.action && command.action.sku ? { sku: command.action.sku } : {}

const ACCEPTED: Dispatched = { kind: 'accepted' }
