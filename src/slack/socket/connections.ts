import type { Logger } from '../../logger.js'
import { sleep } from '../../resilience/retry.js'
import { ACK_DEADLINE_MS } from '../acked.js'
import { boltLogger } from '../bolt-logger.js'
import { slackErrorCode } from '../responder.js'
import { DISCONNECT_REQUESTED, SocketConnection, TOO_MANY_CONNECTIONS } from './connection.js'

/** One envelope as Bolt's Socket Mode client hands it over (its `slack_event`). */
export interface SocketEnvelope {
  ack(response?: Record<string, unknown>): Promise<void>
  readonly envelope_id: string
  readonly type: string
  readonly body: Record<string, unknown>
  readonly retry_num?: number
  readonly retry_reason?: string
}

/** Slack refused a connection: the app already has its 10 open (`too_many_websockets`). */
export class ConnectionRefusedError extends Error {
  constructor() {
    super('Slack refused the Socket Mode connection: this app already has the 10 it allows open')
    this.name = 'ConnectionRefusedError'
  }
}

/** Slack's answers to `apps.connections.open` that no retry will change: the app-level token is wrong. */
const FATAL_OPEN_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'user_removed_from_team',
  'team_disabled',
  'not_allowed_token_type',
  'missing_scope',
])
/** Reconnection delays: full jitter, from RETRY_BASE_MS doubling up to RETRY_CAP_MS. */
const RETRY_BASE_MS = 250
const RETRY_CAP_MS = 10_000
/** Slack says hello right after the WebSocket opens; a connection that stays silent is given up. */
const HELLO_TIMEOUT_MS = 10_000

export interface SocketConnections {
  /**
   * Opens a connection, retrying what may pass (Slack unreachable, a refused
   * connection; `onRetry` hears of each). Rejects when Slack refuses the
   * app-level token at the first attempt (later, it is logged and retried), or on `close`.
   */
  open(onRetry?: () => void): Promise<void>
  /** Whether a connection is open now, ready for envelopes. */
  isOpen(): boolean
  /** Closes every connection once the envelopes it received are acked (at most ACK_DEADLINE_MS). */
  close(): Promise<void>
}

/**
 * The bot's Socket Mode connection, kept open. When Slack asks for a new one
 * (`disconnect`: `refresh_requested`, `warning`), the new one is opened first
 * and the old one closed once the envelopes it received are acked, so nothing
 * arrives while none is open and no ack is lost. When Slack refuses the new one
 * (the app's 10 are open), the old one is closed first to make room. A
 * connection lost without warning is replaced at once, then with backoff.
 */
export function createSocketConnections(deps: {
  appToken: string
  /** The Web API base URL, where `apps.connections.open` is called. */
  apiUrl: string
  httpTimeoutMs: number
  logger: Logger
  onEnvelope(connection: SocketConnection, envelope: SocketEnvelope): void
}): SocketConnections {
  const logger = deps.logger.child({ component: 'socket-mode' })
  const live = new Set<SocketConnection>()
  const opened = new Set<SocketConnection>()
  let current: SocketConnection | undefined
  let replacing: Promise<void> | undefined
  let closing = false
  let everOpened = false
  let wake: (() => void) | undefined

  async function connect(): Promise<SocketConnection> {
    const connection = new SocketConnection({
      appToken: deps.appToken,
      autoReconnectEnabled: false,
      logger: boltLogger(logger, 'socket-mode'),
      clientOptions: { slackApiUrl: deps.apiUrl, timeout: deps.httpTimeoutMs, retryConfig: { retries: 0 } },
    })
    let refused = false
    connection.on(DISCONNECT_REQUESTED, (reason: string) => {
      logger.info({ reason }, 'Slack sent disconnect')
      if (reason === TOO_MANY_CONNECTIONS) refused = true
      if (reason === TOO_MANY_CONNECTIONS || !live.has(connection)) void connection.disconnect()
      else if (connection === current) void replace(connection)
    })
    connection.on('connected', () => live.add(connection))
    connection.on('disconnected', () => {
      live.delete(connection)
      if (connection === current && !closing) void replace(undefined)
    })
    connection.on('slack_event', (envelope: SocketEnvelope) => deps.onEnvelope(connection, envelope))
    opened.add(connection)
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        connection.start(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Slack did not say hello in time')), HELLO_TIMEOUT_MS)
        }),
      ])
      return connection
    } catch (error) {
      opened.delete(connection)
      await connection.disconnect().catch(() => undefined)
      if (refused) throw new ConnectionRefusedError()
      throw error ?? new Error('the connection closed before Slack said hello')
    } finally {
      clearTimeout(timer)
    }
  }

  /** Connects, waiting between attempts; a fatal answer (the token) at the first attempt is thrown when `fatalThrows`. */
  async function connectUntilOpen(fatalThrows: boolean, onRetry?: () => void): Promise<SocketConnection> {
    for (let attempt = 0; ; attempt += 1) {
      if (closing) throw new Error('Socket Mode is closing')
      try {
        return await connect()
      } catch (error) {
        const code = slackErrorCode(error)
        if (fatalThrows && attempt === 0 && code && FATAL_OPEN_ERRORS.has(code))
          throw new Error(
            `Slack refused SLACK_APP_TOKEN (${code}): check the app-level token and its scope`,
            {
              cause: error,
            },
          )
        const refused = error instanceof ConnectionRefusedError
        const delayMs = Math.floor(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt))
        if (refused)
          logger.error(
            { delayMs },
            'Slack refused a Socket Mode connection: the app already has 10 open (another deployment, or a connection Slack has not yet noticed is gone); trying again',
          )
        else
          logger.warn({ err: error, code, delayMs }, 'could not open a Socket Mode connection; trying again')
        onRetry?.()
        await pause(delayMs)
      }
    }
  }

  const pause = (ms: number) =>
    Promise.race([sleep(ms), new Promise<void>((resolve) => (wake = resolve))]).finally(() => {
      wake = undefined
    })

  async function retire(connection: SocketConnection): Promise<void> {
    await connection.drained(ACK_DEADLINE_MS)
    await connection
      .disconnect()
      .catch((err) => logger.warn({ err }, 'closing a Socket Mode connection failed'))
    opened.delete(connection)
  }

  /** Replaces `old` (Slack asked for it), or the lost current connection (`undefined`). One replacement at a time. */
  function replace(old: SocketConnection | undefined): Promise<void> {
    replacing ??= (async () => {
      let previous = old && live.has(old) ? old : undefined
      for (let attempt = 0; !closing; attempt += 1) {
        try {
          current = await connect()
          logger.info({ attempt }, 'Socket Mode connection replaced')
          break
        } catch (error) {
          if (error instanceof ConnectionRefusedError && previous) {
            // The app's 10 are open, ours among them: close ours first, then connect at once.
            await retire(previous)
            previous = undefined
            continue
          }
          if (!previous) {
            current = await connectUntilOpen(false)
            break
          }
          logger.warn(
            { err: error },
            'could not open the new Socket Mode connection yet; the old one still serves',
          )
          await pause(Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt))
        }
      }
      if (previous) await retire(previous)
    })()
      .catch((err) => {
        if (!closing) logger.error({ err }, 'replacing the Socket Mode connection failed')
      })
      .finally(() => {
        replacing = undefined
      })
    return replacing
  }

  return {
    async open(onRetry) {
      closing = false
      current = await connectUntilOpen(!everOpened, onRetry)
      everOpened = true
      logger.info('connected to Slack over Socket Mode')
    },
    isOpen: () => live.size > 0,
    async close() {
      closing = true
      wake?.()
      await replacing
      current = undefined
      await Promise.all([...opened].map(retire))
    },
  }
}
