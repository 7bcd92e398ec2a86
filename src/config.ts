import { z } from 'zod'

/** The signing secret used when no Slack settings are given (local mode). Public on purpose: local only. */
export const LOCAL_SIGNING_SECRET = 'local-signing-secret'

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
const wholeNumber = (min: number, max: number, fallback: number) => whole(min, max).default(fallback)
const milliseconds = (fallback: number) => wholeNumber(1, 600_000, fallback)
const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
  .optional()

const RETENTION_PROBLEM =
  'must be a whole number of days from 1 to 3650: never shorter than Slack’s retries (about an hour) and response_urls (30 minutes)'

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/

const DEFAULT_POOL_SIZE = 10

/**
 * Half the pool: while that many changes hold a connection each (waiting on a
 * row lock, say), reads and the follow-ups of changes (alerts, App Home) still
 * find the other half free.
 */
const defaultMaxChangesInFlight = (poolSize: number) => Math.floor(poolSize / 2) // the pool is at least 2

const schema = z.object({
  PORT: wholeNumber(0, 65_535, 3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the signing secret from the app settings').optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', 'must be an app-level token (xapp-…) with the connections:write scope')
    .optional(),
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^[0-9.]+$/, 'must be the Client ID from Basic Information')
    .optional(),
  SLACK_CLIENT_SECRET: z.string().min(8, 'must be the Client Secret from Basic Information').optional(),
  SLACK_STATE_SECRET: z
    .string()
    .min(16, 'must be at least 16 random characters (openssl rand -hex 32)')
    .optional(),
  INSTALLATION_ENCRYPTION_KEY: z
    .string()
    .transform((value) => value.split(',').map((key) => key.trim()))
    .refine(
      (keys) => keys.every(isEncryptionKey),
      'must be 32-byte keys in base64 (openssl rand -base64 32), comma-separated: the one that encrypts first, older ones after it',
    )
    .optional(),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/ })
    .refine((url) => url.endsWith('/'), 'must end with a slash, like https://slack.com/api/')
    .default('https://slack.com/api/'),
  DATABASE_URL: postgresUrl,
  DATABASE_REPLICA_URL: postgresUrl,
  // At least 2: changes in flight stay below the pool (MAX_CHANGES_IN_FLIGHT), so a read always finds a connection.
  DB_POOL_SIZE: wholeNumber(2, 200, DEFAULT_POOL_SIZE),
  // Unset: half of DB_POOL_SIZE (see defaultMaxChangesInFlight); set, below DB_POOL_SIZE (admissionProblems).
  MAX_CHANGES_IN_FLIGHT: whole(1, 199).optional(),
  DB_CONNECT_TIMEOUT_MS: milliseconds(3_000),
  DB_STATEMENT_TIMEOUT_MS: milliseconds(5_000),
  DB_LOCK_TIMEOUT_MS: milliseconds(2_000),
  EMBEDDED_POSTGRES_PORT: wholeNumber(1024, 65_535, 54_329),
  AMQP_URL: z.url({ protocol: /^amqps?$/, error: 'must be an amqp:// or amqps:// URL' }).optional(),
  AMQP_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,40}$/, 'must be a short lower-case name, like inventory')
    .default('inventory'),
  PUBLISH_TIMEOUT_MS: milliseconds(1_000),
  WORKER_PREFETCH: wholeNumber(1, 1000, 10),
  MAX_DELIVERIES: wholeNumber(1, 100, 5),
  RETRY_DELAYS_MS: z
    .string()
    .default('5000,30000,300000')
    .transform((value) => value.split(',').map((ms) => Number(ms.trim())))
    .refine(
      (delays) => delays.length > 0 && delays.every((ms) => Number.isInteger(ms) && ms > 0),
      'must be comma-separated delays in ms, like 5000,30000,300000',
    ),
  ADMIN_USERS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .refine(
      (ids) => ids.every((id) => SLACK_USER_ID.test(id)),
      'must be Slack user ids like U012ABCDEF, comma-separated',
    ),
  ACK_BUDGET_MS: milliseconds(2_500).refine((ms) => ms < 3_000, 'must stay under Slack’s 3000 ms'),
  HTTP_TIMEOUT_MS: milliseconds(5_000),
  SHUTDOWN_GRACE_MS: milliseconds(25_000),
  // At least a day: Slack retries an event for about an hour and a response_url lives 30 minutes, and the
  // queue's retries end within MAX_DELIVERIES × the longest RETRY_DELAYS_MS (at most 100 × 10 min ≈ 17 h).
  // A request key pruned before its last repeat could let that repeat apply again.
  RETENTION_DAYS: z.coerce
    .number({ error: RETENTION_PROBLEM })
    .int({ error: RETENTION_PROBLEM })
    .min(1, RETENTION_PROBLEM)
    .max(3650, RETENTION_PROBLEM)
    .default(30),
})

/** Every environment variable the bot reads (`.env.example` documents each; a test keeps them in step). */
export const CONFIG_VARIABLES = Object.keys(schema.shape)

/** The whole configuration, read once from the environment and frozen. */
export interface Config {
  readonly port: number
  readonly logLevel: string
  readonly slack: {
    /** `local`: no Slack settings; a fixed signing secret, Web API calls logged instead of sent. */
    readonly mode: 'slack' | 'local'
    /**
     * How Slack reaches the bot. `http`: Slack POSTs to `/slack/events`, signed with the signing
     * secret. `socket` (SLACK_APP_TOKEN set): Socket Mode, the bot holds a WebSocket to Slack.
     */
    readonly transport: 'http' | 'socket'
    readonly signingSecret: string
    readonly botToken: string | undefined
    /** The app-level token (`xapp-…`) that opens Socket Mode connections. */
    readonly appToken: string | undefined
    /**
     * OAuth installs (SLACK_CLIENT_ID, …; no bot token): `/slack/install` adds the app to a
     * workspace or an Enterprise Grid org, and each is served with its own token, kept encrypted
     * in Postgres.
     */
    readonly oauth: OAuthConfig | undefined
    readonly apiUrl: string
    readonly httpTimeoutMs: number
  }
  readonly database: {
    /** Unset: an embedded PostgreSQL is started under `.data/`. */
    readonly url: string | undefined
    readonly replicaUrl: string | undefined
    readonly poolSize: number
    readonly connectTimeoutMs: number
    readonly statementTimeoutMs: number
    readonly lockTimeoutMs: number
    readonly embeddedPort: number
  }
  /** Queue mode when set: changes are made durable in RabbitMQ and applied by workers. */
  readonly queue:
    | {
        readonly url: string
        readonly prefix: string
        readonly publishTimeoutMs: number
        readonly prefetch: number
        /** A job that fails this many times goes to the dead-letter queue. */
        readonly maxDeliveries: number
        /** Job-level retry delays, one delay queue per tier. */
        readonly retryDelaysMs: readonly number[]
      }
    | undefined
  readonly adminUsers: readonly string[]
  /** How long a command may take before the ack says "working on it" instead of the answer. */
  readonly ackBudgetMs: number
  /**
   * In-process mode: changes a bot applies at once (default half of `DB_POOL_SIZE`); one more is
   * answered "busy" at once, nothing run. Reads are not counted. Queue mode's bots apply none.
   */
  readonly maxChangesInFlight: number
  readonly shutdownGraceMs: number
  /** Request keys, handled event ids and decided confirmations are pruned after this many days (default 30). */
  readonly retentionDays: number
  /**
   * Keys for installation tokens at rest (AES-256-GCM): the first encrypts, every one decrypts
   * (older keys stay listed until `npm run installations -- rekey` has re-encrypted with the first).
   */
  readonly encryptionKeys: readonly string[]
}

export interface OAuthConfig {
  readonly clientId: string
  readonly clientSecret: string
  /** Signs the `state` of an install, so a forged one is refused before the database is asked. */
  readonly stateSecret: string
}

/** A 32-byte AES-256 key in base64. */
function isEncryptionKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment; throws a ConfigError listing every problem, one line per variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  )
  const parsed = schema.safeParse(present)
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`)),
    ...slackModeProblems(present),
    ...admissionProblems(present),
  ]
  if (!parsed.success || problems.length) throw new ConfigError(problems)
  const e = parsed.data
  return deepFreeze({
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    slack: {
      mode: e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID ? 'slack' : 'local',
      transport: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      signingSecret: e.SLACK_SIGNING_SECRET ?? LOCAL_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      oauth:
        e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? {
              clientId: e.SLACK_CLIENT_ID,
              clientSecret: e.SLACK_CLIENT_SECRET,
              stateSecret: e.SLACK_STATE_SECRET,
            }
          : undefined,
      apiUrl: e.SLACK_API_URL,
      httpTimeoutMs: e.HTTP_TIMEOUT_MS,
    },
    database: {
      url: e.DATABASE_URL,
      replicaUrl: e.DATABASE_REPLICA_URL,
      poolSize: e.DB_POOL_SIZE,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
      embeddedPort: e.EMBEDDED_POSTGRES_PORT,
    },
    queue: e.AMQP_URL
      ? {
          url: e.AMQP_URL,
          prefix: e.AMQP_PREFIX,
          publishTimeoutMs: e.PUBLISH_TIMEOUT_MS,
          prefetch: e.WORKER_PREFETCH,
          maxDeliveries: e.MAX_DELIVERIES,
          retryDelaysMs: e.RETRY_DELAYS_MS,
        }
      : undefined,
    adminUsers: e.ADMIN_USERS,
    ackBudgetMs: e.ACK_BUDGET_MS,
    maxChangesInFlight: e.MAX_CHANGES_IN_FLIGHT ?? defaultMaxChangesInFlight(e.DB_POOL_SIZE),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    retentionDays: e.RETENTION_DAYS,
    encryptionKeys: e.INSTALLATION_ENCRYPTION_KEY ?? [],
  } satisfies Config)
}

/**
 * The Slack settings must name one way in and one source of tokens, each
 * complete. Ways in: HTTP mode (the signing secret) or Socket Mode (the
 * app-level token: nothing is POSTed, so no signing secret). Tokens: the bot
 * token (one workspace, or one org-wide install), or OAuth installs
 * (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, and the key that
 * encrypts their tokens; no bot token). None of it is local mode, which
 * verifies requests with a public secret, so it is refused in production
 * (NODE_ENV=production, as in the container image).
 */
function slackModeProblems(env: Record<string, string | undefined>): string[] {
  const { SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: app } = env
  const oauthVariables = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const
  const oauth = oauthVariables.some((name) => env[name])
  if (!secret && !bot && !app && !oauth)
    return env.NODE_ENV === 'production'
      ? [
          'SLACK_SIGNING_SECRET: is required in production (NODE_ENV=production); local mode is for development',
        ]
      : []
  const problems: string[] = []
  if (oauth) {
    for (const name of oauthVariables)
      if (!env[name])
        problems.push(
          `${name}: is required with OAuth installs (set all three of ${oauthVariables.join(', ')})`,
        )
    if (bot)
      problems.push(
        'SLACK_BOT_TOKEN: must be unset with OAuth installs: each workspace is served with the token of its installation',
      )
    if (!env.INSTALLATION_ENCRYPTION_KEY)
      problems.push(
        'INSTALLATION_ENCRYPTION_KEY: is required with OAuth installs: their tokens are stored encrypted (openssl rand -base64 32)',
      )
  } else if (!bot)
    problems.push(
      app
        ? 'SLACK_BOT_TOKEN: is required with SLACK_APP_TOKEN (Socket Mode needs the bot token to answer), or OAuth installs (SLACK_CLIENT_ID…)'
        : 'SLACK_BOT_TOKEN: is required when the other Slack setting is given (set both, or neither for local mode)',
    )
  if ((bot || oauth) && !secret && !app)
    problems.push(
      'SLACK_SIGNING_SECRET: is required when the other Slack setting is given (set both, or neither for local mode; or SLACK_APP_TOKEN instead, for Socket Mode)',
    )
  return problems
}

/** Changes in flight hold pooled connections: a bound at or above the pool would leave reads none. */
function admissionProblems(env: Record<string, string | undefined>): string[] {
  // Each value alone is checked by the schema; this only compares two valid ones.
  const limit = schema.shape.MAX_CHANGES_IN_FLIGHT.safeParse(env.MAX_CHANGES_IN_FLIGHT).data
  const pool = schema.shape.DB_POOL_SIZE.safeParse(env.DB_POOL_SIZE).data
  if (limit === undefined || pool === undefined || limit < pool) return []
  return [
    `MAX_CHANGES_IN_FLIGHT: must be less than DB_POOL_SIZE (${pool}), so that reads find a connection while changes are at the bound`,
  ]
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child)
  return Object.freeze(value)
}
