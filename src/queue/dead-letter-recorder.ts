import { createHash } from 'node:crypto'
import type { Channel, ConsumeMessage } from 'amqplib'
import type pg from 'pg'
import { recordDeadLetter } from '../db/repositories/dead-letters.js'
import type { Logger } from '../logger.js'
import type { Deliverer } from '../slack/delivery.js'
import { ack, type MessageHandler, nack } from './broker.js'
import { HEADERS, parseJob } from './jobs.js'

/**
 * Consumes the dead-letter queue into Postgres (where operators can list,
 * replay and drop), then has the deliverer tell the person who asked that it
 * failed and the admins that it needs them. If Postgres is down the message stays queued.
 */
export function createDeadLetterRecorder(deps: {
  pool: pg.Pool
  deliverer: Deliverer
  logger: Logger
}): MessageHandler {
  return async function record(message: ConsumeMessage, channel: Channel): Promise<void> {
    const headers = message.properties.headers ?? {}
    const parsed = parseJob(message.content)
    const command = parsed.success ? parsed.job.command : undefined
    const death = (
      headers['x-death'] as { count?: number; reason?: string; time?: unknown }[] | undefined
    )?.[0]
    const reason = String(
      headers[HEADERS.reason] ??
        `the broker dead-lettered it (${death?.reason ?? 'unknown'}): its worker kept dying`,
    )
    const deliveries = Number(headers[HEADERS.attempts] ?? death?.count ?? 1)
    const dedupeKey = String(
      headers[HEADERS.deadId] ??
        `${message.properties.messageId ?? createHash('sha256').update(message.content).digest('hex')}:${JSON.stringify(death?.time ?? null)}`,
    )
    let id: number | undefined
    try {
      id = await recordDeadLetter(deps.pool, {
        dedupeKey,
        teamId: command?.teamId,
        requestKey: command?.requestKey,
        payload: message.content.toString('utf8'),
        reason,
        deliveries,
      })
    } catch (err) {
      deps.logger.warn({ err }, 'could not record a dead letter; it stays in the queue')
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      return nack(channel, message, deps.logger)
    }
    if (id !== undefined) {
      deps.logger.error({ deadLetter: id, teamId: command?.teamId, reason, deliveries }, 'job dead-lettered')
      await deps.deliverer
        .deadLettered({ id, teamId: command?.teamId, reason, deliveries }, command)
        .catch((err) => deps.logger.warn({ err }, 'could not tell everyone about a dead letter'))
    }
    ack(channel, message, deps.logger)
  }
}
