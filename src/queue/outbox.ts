import type pg from 'pg'
import type { Logger } from '../logger.js'
import type { Broker } from './broker.js'
import { type Job, jobProperties } from './jobs.js'
import type { Topology } from './topology.js'

/**
 * Saves a job in Postgres when RabbitMQ cannot take it, within `timeoutMs`.
 * The statement timeout is enforced by the server, so a save that timed out
 * was rolled back: "not accepted" is then the truth, not a guess.
 */
export async function saveToOutbox(pool: pg.Pool, job: Job, timeoutMs: number): Promise<void> {
  const started = Date.now()
  const connecting = pool.connect()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no database connection within ${timeoutMs} ms`)), timeoutMs)
  })
  const client = await Promise.race([connecting, timeout])
    .catch((error) => {
      // Whatever arrives late goes straight back to the pool.
      connecting.then(
        (late) => late.release(),
        () => undefined,
      )
      throw error
    })
    .finally(() => clearTimeout(timer))
  try {
    const remainingMs = Math.max(50, timeoutMs - (Date.now() - started))
    await client.query('BEGIN')
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [String(remainingMs)])
    await client.query('INSERT INTO outbox (team_id, request_key, payload) VALUES ($1, $2, $3)', [
      job.command.teamId,
      job.command.requestKey,
      JSON.stringify(job),
    ])
    await client.query('COMMIT')
    client.release()
  } catch (error) {
    client.release(error as Error)
    throw error
  }
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

  async function relayBatch(): Promise<number> {
    const client = await deps.pool.connect()
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<{ id: number; request_key: string; payload: Job }>(
        'SELECT id, request_key, payload FROM outbox ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED',
      )
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
      await client.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [published])
      await client.query('COMMIT')
      if (published.length) logger.info({ published: published.length }, 'relayed jobs from the outbox')
      client.release()
      return published.length === rows.length ? rows.length : 0
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      client.release(error as Error)
      throw error
    }
  }

  const timer = setInterval(() => {
    if (stopped || !deps.broker.isConnected()) return
    running = running
      .then(async () => {
        while (!stopped && deps.broker.isConnected() && (await relayBatch()) === 100) {}
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
