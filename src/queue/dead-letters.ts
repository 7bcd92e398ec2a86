import { createHash } from 'node:crypto'
import type { Channel, ConsumeMessage } from 'amqplib'
import type pg from 'pg'
import { RefusedError } from '../errors.js'
import type { Command } from '../inventory/actions.js'
import type { DeadLetter } from '../inventory/results.js'
import type { Logger } from '../logger.js'
import { errorMessage } from '../slack/blocks/index.js'
import type { Responder } from '../slack/responder.js'
import type { SlackApi } from '../slack/webapi.js'
import { deadLetterNotice } from '../slack/wording/index.js'
import { ack, type Broker, nack } from './broker.js'
import { parseJob } from './consumer.js'
import { HEADERS, jobProperties } from './jobs.js'
import type { Topology } from './topology.js'

interface Row {
  id: number
  team_id: string | null
  request_key: string | null
  payload: string
  reason: string
  deliveries: number
  status: DeadLetter['status']
  created_at: Date
}
const toDeadLetter = (r: Row): DeadLetter => ({
  id: r.id,
  teamId: r.team_id,
  requestKey: r.request_key,
  payload: r.payload,
  reason: r.reason,
  deliveries: r.deliveries,
  status: r.status,
  createdAt: r.created_at.toISOString(),
})

/**
 * Consumes the dead-letter queue into Postgres (where operators can list,
 * replay and drop), then tells the person who asked that it failed and the
 * admins that it needs them. If Postgres is down the message stays queued.
 */
export function createDeadLetterRecorder(deps: {
  pool: pg.Pool
  responder: Responder
  api: SlackApi
  admins: readonly string[]
  logger: Logger
}) {
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
    let inserted: number | undefined
    try {
      const { rows } = await deps.pool.query<{ id: number }>(
        `INSERT INTO dead_letters (dedupe_key, team_id, request_key, payload, reason, deliveries)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [
          dedupeKey,
          command?.teamId ?? null,
          command?.requestKey ?? null,
          message.content.toString('utf8'),
          reason,
          deliveries,
        ],
      )
      inserted = rows[0]?.id
    } catch (err) {
      deps.logger.warn({ err }, 'could not record a dead letter; it stays in the queue')
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      return nack(channel, message, deps.logger)
    }
    if (inserted !== undefined) {
      deps.logger.error(
        { deadLetter: inserted, teamId: command?.teamId, reason, deliveries },
        'job dead-lettered',
      )
      await notify(inserted, reason, deliveries, command).catch((err) =>
        deps.logger.warn({ err }, 'could not tell everyone about a dead letter'),
      )
    }
    ack(channel, message, deps.logger)
  }

  async function notify(
    id: number,
    reason: string,
    deliveries: number,
    command: Command | undefined,
  ): Promise<void> {
    if (command)
      await deps.responder.reply(command, {
        ...errorMessage('JOB_FAILED', { deadLetter: id, deliveries }),
        replace_original: true,
      })
    const text = deadLetterNotice({ id, teamId: command?.teamId ?? 'unknown', reason, deliveries })
    for (const admin of deps.admins) await deps.api.call('chat.postMessage', { channel: admin, text })
  }
}

/** What operators and admins do with dead letters (`npm run dlq`, `/inventory dlq`). `teamId` limits to one workspace. */
export function createDeadLetters(deps: {
  pool: pg.Pool
  broker?: Broker
  topology?: Topology
  publishTimeoutMs: number
}) {
  const scope = (teamId: string | undefined, first: number) =>
    teamId === undefined ? { sql: '', values: [] } : { sql: ` AND team_id = $${first}`, values: [teamId] }

  async function find(id: number, teamId?: string): Promise<DeadLetter> {
    const s = scope(teamId, 2)
    const { rows } = await deps.pool.query<Row>(`SELECT * FROM dead_letters WHERE id = $1${s.sql}`, [
      id,
      ...s.values,
    ])
    if (!rows[0]) throw new RefusedError('UNKNOWN_DEAD_LETTER', { id })
    return toDeadLetter(rows[0])
  }

  async function resolve(
    id: number,
    status: 'replayed' | 'dropped',
    by: string,
    teamId?: string,
    before?: (d: DeadLetter) => Promise<void>,
  ) {
    const client = await deps.pool.connect()
    try {
      await client.query('BEGIN')
      const s = scope(teamId, 2)
      const { rows } = await client.query<Row>(
        `SELECT * FROM dead_letters WHERE id = $1${s.sql} FOR UPDATE`,
        [id, ...s.values],
      )
      const row = rows[0]
      if (!row) throw new RefusedError('UNKNOWN_DEAD_LETTER', { id })
      if (row.status !== 'dead') throw new RefusedError('DEAD_LETTER_RESOLVED', { id, status: row.status })
      await before?.(toDeadLetter(row))
      await client.query(
        `UPDATE dead_letters SET status = $2, resolved_at = now(), resolved_by = $3 WHERE id = $1`,
        [id, status, by],
      )
      await client.query('COMMIT')
      return { ...toDeadLetter(row), status }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  return {
    async list(teamId?: string, limit = 50): Promise<DeadLetter[]> {
      const s = scope(teamId, 2)
      const { rows } = await deps.pool.query<Row>(
        `SELECT * FROM dead_letters WHERE status = 'dead'${s.sql} ORDER BY id LIMIT $1`,
        [limit, ...s.values],
      )
      return rows.map(toDeadLetter)
    },
    show: find,
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
