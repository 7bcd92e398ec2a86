/** The dependencies the bot calls; retries and fallbacks are counted per dependency. */
export type Dependency = 'postgres' | 'slack' | 'rabbitmq'

/** Why a failure is worth another attempt, and how long to wait at least. */
export interface Transient {
  readonly reason: string
  /** Set when the other side said how long to wait (Slack's Retry-After). */
  readonly retryAfterMs?: number
}

interface Row {
  readonly matches: (error: ErrorFields) => boolean
  readonly reason: string
}

interface ErrorFields {
  readonly code?: unknown
  readonly message: string
  readonly statusCode?: unknown
  readonly retryAfterMs?: unknown
  readonly retryAfter?: unknown
}

const hasCode = (code: string) => (e: ErrorFields) => e.code === code
const hasMessage = (pattern: RegExp) => (e: ErrorFields) => pattern.test(e.message)

/**
 * The only failures any call retries. Anything not listed fails fast: a
 * constraint violation or a bad request will not get better by asking again.
 */
const TRANSIENT_ERRORS: readonly Row[] = [
  // Postgres SQLSTATEs
  {
    matches: hasCode('40001'),
    reason: 'serialization failure: a concurrent transaction won; rerun the whole transaction',
  },
  {
    matches: hasCode('40P01'),
    reason: 'deadlock detected: Postgres aborted one side; rerun the whole transaction',
  },
  { matches: hasCode('55P03'), reason: 'lock_timeout: a row was busy for longer than the lock budget' },
  { matches: hasCode('57P01'), reason: 'admin shutdown: the server is restarting or failing over' },
  { matches: hasCode('57P02'), reason: 'crash shutdown: the server is restarting' },
  { matches: hasCode('57P03'), reason: 'cannot connect now: the server is still starting' },
  { matches: hasCode('53300'), reason: 'too many connections: other clients will release theirs' },
  {
    matches: (e) => typeof e.code === 'string' && e.code.startsWith('08'),
    reason: 'connection exception (SQLSTATE class 08): the link to the server broke',
  },
  // node-pg client errors that carry no SQLSTATE
  { matches: hasMessage(/Connection terminated/i), reason: 'the connection closed under the query' },
  {
    matches: hasMessage(/timeout exceeded when trying to connect/i),
    reason: 'the pool could not connect in time',
  },
  {
    matches: hasMessage(/^Query read timeout$/),
    reason: 'the server stopped answering; the client is discarded',
  },
  // Sockets (any dependency)
  { matches: hasCode('ECONNREFUSED'), reason: 'connection refused: the service is down or restarting' },
  { matches: hasCode('ECONNRESET'), reason: 'connection reset by the peer or a proxy' },
  { matches: hasCode('ETIMEDOUT'), reason: 'the network timed out' },
  { matches: hasCode('EPIPE'), reason: 'the peer closed the connection while we wrote' },
  { matches: hasCode('EAI_AGAIN'), reason: 'DNS lookup failed temporarily' },
  { matches: hasCode('UND_ERR_SOCKET'), reason: 'the HTTP socket closed unexpectedly' },
  { matches: hasCode('UND_ERR_CONNECT_TIMEOUT'), reason: 'the HTTP connection timed out' },
  { matches: hasCode('TimeoutError'), reason: 'the call exceeded its timeout' },
  // Slack Web API (@slack/web-api error codes) and response_url posts
  {
    matches: hasCode('slack_webapi_rate_limited_error'),
    reason: 'Slack rate limit (429): wait for Retry-After',
  },
  { matches: hasCode('slack_webapi_request_error'), reason: 'the request to Slack failed on the network' },
  {
    matches: (e) => typeof e.statusCode === 'number' && (e.statusCode === 429 || e.statusCode >= 500),
    reason: 'Slack answered 429 or 5xx',
  },
  // RabbitMQ (amqplib)
  {
    matches: hasMessage(/Channel closed|Connection closed|channel ended|Socket closed/i),
    reason: 'AMQP channel or connection lost',
  },
]

/** The row that makes this error transient, or undefined when it must fail fast. */
export function transientReason(error: unknown): Transient | undefined {
  const fields = errorFields(error)
  if (!fields) return undefined
  const row = TRANSIENT_ERRORS.find((r) => r.matches(fields))
  if (!row) return undefined
  const retryAfterMs = retryAfterOf(fields)
  return retryAfterMs === undefined ? { reason: row.reason } : { reason: row.reason, retryAfterMs }
}

function errorFields(error: unknown): ErrorFields | undefined {
  if (!(error instanceof Error)) return undefined
  const cause = (error as { cause?: unknown }).cause
  const own = error as unknown as ErrorFields
  // AbortSignal.timeout() rejects with a DOMException named TimeoutError; fetch wraps network errors in `cause`.
  if (error.name === 'TimeoutError') return { ...own, message: error.message, code: 'TimeoutError' }
  if (own.code === undefined && cause instanceof Error && (cause as { code?: unknown }).code !== undefined)
    return { ...(cause as unknown as ErrorFields), message: cause.message }
  return own
}

function retryAfterOf(e: ErrorFields): number | undefined {
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs
  // @slack/web-api's rate-limited error carries `retryAfter` in seconds
  if (typeof e.retryAfter === 'number') return e.retryAfter * 1000
  return undefined
}
