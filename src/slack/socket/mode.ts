import type pg from 'pg'
import { SOCKET_MODE_SLOTS, type SocketSlot, takeSocketSlot } from '../../db/socket-slots.js'
import type { Logger } from '../../logger.js'
import { sleep } from '../../resilience/retry.js'
import type { SocketConnections } from './connections.js'

/** How often a bot standing by looks for a freed slot. */
export const STANDBY_POLL_MS = 5_000
/** How often a bot whose slot session broke tries to take it again (its connection stays open meanwhile). */
const RETAKE_MS = 1_000

export type SocketModeState = 'starting' | 'standing-by' | 'connected' | 'stopped'

export interface SocketMode {
  /** `connected` holds a slot and an open connection; `standing-by` waits for a slot. */
  state(): SocketModeState
  /** Resolves once the bot is connected or standing by; rejects when Slack refuses the app-level token. */
  readonly started: Promise<void>
  /** Closes the connection (its envelopes acked first) and gives the slot back. */
  stop(): Promise<void>
}

/**
 * Socket Mode within Slack's limit of 10 connections per app: a bot connects
 * only while it holds one of SOCKET_MODE_SLOTS session advisory locks in
 * Postgres. With every slot taken it stands by (logged, `/readyz` 503) and takes
 * the first slot freed. If the session holding its slot breaks, it keeps its
 * connection and takes the slot again; only if someone else took it (and no
 * other is free) does it close the connection and stand by.
 */
export function startSocketMode(deps: {
  pool: pg.Pool
  connections: SocketConnections
  logger: Logger
  standbyPollMs?: number
}): SocketMode {
  const logger = deps.logger.child({ component: 'socket-mode' })
  const { connections } = deps
  let state: SocketModeState = 'starting'
  let stopping = false
  let wake: () => void = () => {}
  const stopped = new Promise<void>((resolve) => (wake = resolve))
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => (markStarted = resolve))
  let held: SocketSlot | undefined

  const take = (preferred: number | undefined) =>
    takeSocketSlot(deps.pool, logger, preferred).then(
      (slot) => ({ slot, reachable: true }),
      (err) => {
        logger.warn({ err }, 'could not reach the database to take a Socket Mode slot')
        return { slot: undefined, reachable: false }
      },
    )
  const rest = (ms: number) => Promise.race([sleep(ms), stopped])

  async function run(): Promise<void> {
    let preferred: number | undefined
    let announced = false
    while (!stopping) {
      const { slot, reachable } = await take(preferred)
      if (stopping) {
        await slot?.release()
        break
      }
      if (!slot) {
        if (connections.isOpen() && !reachable) {
          await rest(RETAKE_MS) // nobody else can take our slot either while the database is away
          continue
        }
        if (connections.isOpen()) {
          logger.error(
            { slot: preferred },
            'another bot took this bot’s Socket Mode slot: closing the connection',
          )
          await connections.close()
        }
        if (!announced)
          logger.warn(
            { slots: SOCKET_MODE_SLOTS },
            'every Socket Mode slot is taken (Slack allows 10 connections per app): standing by for a freed one',
          )
        announced = true
        state = 'standing-by'
        markStarted()
        await rest(deps.standbyPollMs ?? STANDBY_POLL_MS)
        continue
      }
      held = slot
      preferred = slot.slot
      announced = false
      if (!connections.isOpen()) {
        logger.info({ slot: slot.slot }, 'took a Socket Mode slot; connecting')
        // While Slack cannot be reached or refuses the connection, the bot waits as it would standing by.
        await connections.open(() => {
          state = 'standing-by'
          markStarted()
        })
      }
      state = 'connected'
      markStarted()
      await Promise.race([slot.lost, stopped])
      if (!stopping)
        logger.warn({ slot: slot.slot }, 'lost the session holding the Socket Mode slot; taking it again')
    }
  }

  const running = run().catch((error) => {
    state = 'stopped'
    if (!stopping) logger.error({ err: error }, 'Socket Mode stopped')
    throw error
  })
  running.catch(() => undefined) // reported through `started` (at start) or the log above
  return {
    state: () => state,
    started: Promise.race([started, running]),
    async stop() {
      stopping = true
      wake()
      await running.catch(() => undefined)
      await connections.close()
      await held?.release()
      state = 'stopped'
    },
  }
}
