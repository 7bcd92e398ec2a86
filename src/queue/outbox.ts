import type pg from 'pg'
import { deleteFromOutbox, insertIntoOutbox, lockOutboxBatch } from '../db/repositories/outbox.js'
import { withTransaction } from '../db/transaction.js'
import type { Logger } from '../logger.js'
import { NO_RETRY } from '../resilience/retry.js'
import type { Broker } from './broker.js'
import { type Job, jobProperties } from './jobs.js'
import type { Topology } from './topology.js'

/** Jobs relayed per transaction. */
const RELAY_BATCH = 100

/**
 * Saves a job in Postgres when RabbitMQ cannot take it, within `timeoutMs`
 * (waiting for a connection included). The statement timeout is enforced by
 * the server, so a save that timed out was rolled back: "not accepted" is then
 * the truth, not a guess. Never retried: the ack budget is spent.
 */
export async function saveToOutbox(pool: pg.Pool, job: Job, timeoutMs: number): Promise<void> {
  const started = Date.now()
  await withTransaction(
    pool,
    (tx) =>
      insertIntoOutbox(
        tx,
        { teamId: job.command.teamId, requestKey: job.command.requestKey, payload: job },
        Math.max(50, timeoutMs - (Date.now() - started)),
      ),
    { retry: NO_RETRY, connectTimeoutMs: timeoutMs },
  )
}

/**
 * Publishes what the outbox holds, oldest first, whenever the broker is
 * connected. Rows are locked (SKIP LOCKED, so every bot instance can relay)
 * and deleted only after the broker confirmed them; a crash in between
 * publishes them again, which the request keys make harmless.
 */
export function startOutboxRelay(deps: {
  pool: pg.Pool
  broker: Broker
  topology: Topology
  logger: Logger
  publishTimeoutMs: number
  intervalMs?: number
}): { stop(): Promise<void> } {
  const logger = deps.logger.child({ component: 'outbox-relay' })
  let running: Promise<void> = Promise.resolve()
  let stopped = false

  /** One batch in one transaction; returns how many were relayed when all of them were (0 when it paused). */
  async function relayBatch(): Promise<number> {
    const { published, locked } = await withTransaction(
      deps.pool,
      async (tx) => {
        const rows = await lockOutboxBatch<Job>(tx, RELAY_BATCH)
        const published: number[] = []
        for (const row of rows) {
          try {
            await deps.broker.publish(
              deps.topology.commands,
              Buffer.from(JSON.stringify(row.payload)),
              jobProperties(row.payload.command),
              deps.publishTimeoutMs,
            )
            published.push(row.id)
          } catch (err) {
            logger.warn({ err }, 'relay paused: the broker did not take a job')
            break
          }
        }
        await deleteFromOutbox(tx, published)
        return { published: published.length, locked: rows.length }
      },
      // What was published stays published: the next tick tries again, rather than a retry publishing twice.
      { retry: NO_RETRY },
    )
    if (published) logger.info({ published }, 'relayed jobs from the outbox')
    return published === locked ? locked : 0
  }

  const timer = setInterval(() => {
    if (stopped || !deps.broker.isConnected()) return
    running = running
      .then(async () => {
        while (!stopped && deps.broker.isConnected() && (await relayBatch()) === RELAY_BATCH) {}
      })
      .catch((err) => logger.warn({ err }, 'outbox relay failed; will try again'))
  }, deps.intervalMs ?? 1_000)

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
