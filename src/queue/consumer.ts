import { randomUUID } from 'node:crypto'
import type { Channel, ConsumeMessage } from 'amqplib'
import { asAppError, UnavailableError } from '../errors.js'
import { isChange } from '../inventory/commands.js'
import type { Outcome } from '../inventory/results.js'
import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { countCommand, outcomeLabel } from '../metrics.js'
import type { Deliverer } from '../slack/delivery.js'
import { ack, type Broker, nack } from './broker.js'
import { HEADERS, parseJob } from './jobs.js'
import type { Topology } from './topology.js'

/**
 * A worker's handling of one job: apply it through the same service as
 * in-process mode, answer on the response_url (replacing "working on it"), ack.
 *
 * Job-level retries, the second of the two retry layers: a failed job is
 * republished to a delay queue (5 s, 30 s, 5 min… by attempt) and the
 * delivery acked. Failures of the job count towards MAX_DELIVERIES, then it is
 * dead-lettered; an unreachable dependency does not count (the job waits, at the
 * longest delay, until the dependency is back). A malformed job is dead-lettered at once.
 * A redelivery of an applied job replays the stored outcome: nothing is applied twice.
 */
export function createJobHandler(deps: {
  service: InventoryService
  deliverer: Deliverer
  broker: Broker
  topology: Topology
  publishTimeoutMs: number
  logger: Logger
}) {
  const { topology } = deps

  return async function handle(message: ConsumeMessage, channel: Channel): Promise<void> {
    const headers = message.properties.headers ?? {}
    const attempts = Number(headers[HEADERS.attempts] ?? 0)
    const outages = Number(headers[HEADERS.outages] ?? 0)
    const parsed = parseJob(message.content)
    if (!parsed.success) {
      deps.logger.error({ messageId: message.properties.messageId }, 'malformed job: dead-lettering it')
      return settle(channel, message, () =>
        deadLetter(message, `malformed job: ${parsed.error}`, attempts + 1),
      )
    }
    const { command } = parsed.job
    const { action } = command
    if (!isChange(action))
      return settle(channel, message, () =>
        deadLetter(message, 'malformed job: only changes are queued', attempts + 1),
      )
    const change = { ...command, action }
    const logger = deps.logger.child({
      requestId: command.requestId,
      verb: command.action.verb,
      attempts,
      outages,
    })
    let outcome: Outcome
    try {
      outcome = await deps.service.apply(change)
    } catch (error) {
      const appError = asAppError(error)
      countCommand(command.action.verb, 'error')
      if (appError instanceof UnavailableError) {
        logger.warn({ err: error }, 'a dependency is unavailable: the job waits and is tried again')
        return settle(channel, message, () => retry(message, { [HEADERS.outages]: outages + 1 }, outages))
      }
      if (attempts + 1 >= topology.maxDeliveries) {
        logger.error({ err: error }, 'job failed its last delivery: dead-lettering it')
        return settle(channel, message, () => deadLetter(message, appError.message, attempts + 1))
      }
      logger.warn({ err: error }, 'job failed: retrying later')
      return settle(channel, message, () => retry(message, { [HEADERS.attempts]: attempts + 1 }, attempts))
    }
    countCommand(command.action.verb, outcomeLabel(outcome))
    // The change is committed: a failure from here on is about the answer, never a reason to dead-letter.
    try {
      await deps.deliverer.deliver(command, outcome)
      logger.info({ ok: outcome.ok }, 'job applied and answered')
    } catch (error) {
      if (asAppError(error) instanceof UnavailableError) {
        // Slack unreachable: try again later; the replay answers the same way and applies nothing twice.
        logger.warn({ err: error }, 'job applied; its answer waits for Slack')
        return settle(channel, message, () => retry(message, { [HEADERS.outages]: outages + 1 }, outages))
      }
      logger.warn({ err: error }, 'job applied, but its answer could not be delivered')
    }
    ack(channel, message, logger)
  }

  /** Republishes to the delay tier for `tier` (the last tier once past the end). */
  function retry(message: ConsumeMessage, counters: Record<string, number>, tier: number): Promise<void> {
    const queue = topology.retries[Math.min(tier, topology.retries.length - 1)] as { name: string }
    return deps.broker.publish(
      queue.name,
      message.content,
      { ...properties(message), headers: { ...message.properties.headers, ...counters } },
      deps.publishTimeoutMs,
    )
  }

  function deadLetter(message: ConsumeMessage, reason: string, deliveries: number): Promise<void> {
    const headers = {
      ...message.properties.headers,
      [HEADERS.attempts]: deliveries,
      [HEADERS.reason]: reason.slice(0, 1000),
      [HEADERS.deadId]: randomUUID(),
    }
    return deps.broker.publish(
      topology.dead,
      message.content,
      { ...properties(message), headers },
      deps.publishTimeoutMs,
    )
  }

  /** Acks once the job is safely elsewhere; if it is not, it goes back to the queue to be delivered again. */
  async function settle(
    channel: Channel,
    message: ConsumeMessage,
    moveOn: () => Promise<void>,
  ): Promise<void> {
    try {
      await moveOn()
      ack(channel, message, deps.logger)
    } catch (err) {
      deps.logger.warn({ err }, 'could not move the job on; returning it to the queue')
      nack(channel, message, deps.logger)
    }
  }
}

function properties(message: ConsumeMessage) {
  const { messageId, correlationId } = message.properties
  return {
    ...(messageId ? { messageId: String(messageId) } : {}),
    ...(correlationId ? { correlationId: String(correlationId) } : {}),
  }
}
