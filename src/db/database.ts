import type pg from 'pg'
import type { Config } from '../config.js'
import { type Logger, redactUrl } from '../logger.js'
import { withRetry } from '../resilience/retry.js'
import { startEmbeddedPostgres } from './embedded.js'
import { loadMigrations, migrate } from './migrate.js'
import { createPool } from './pool.js'

export interface Database {
  readonly pool: pg.Pool
  /** A read-only replica (DATABASE_REPLICA_URL), for reads while the primary is unreachable. */
  readonly replica: pg.Pool | undefined
  /** Readiness check: the primary answers (migrations were applied before the process started serving). */
  ready(): Promise<{ database: boolean }>
  close(): Promise<void>
}

/** At start the database may still be coming up (compose starts everything at once): wait up to a minute. */
const STARTUP_POLICY = { attempts: 30, baseMs: 250, capMs: 4_000, budgetMs: 60_000 }

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset,
 * and applies pending migrations (under an advisory lock: many instances may start at once).
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { applicationName: string; dataRoot?: string } = { applicationName: 'inventory-bot' },
): Promise<Database> {
  const embedded = config.database.url
    ? undefined
    : await startEmbeddedPostgres({
        dataRoot: options.dataRoot ?? '.data',
        port: config.database.embeddedPort,
        logger,
      })
  const url = config.database.url ?? (embedded?.url as string)
  logger.info({ database: redactUrl(url) }, 'connecting to PostgreSQL')
  const poolTo = (connectionString: string) =>
    createPool(
      {
        connectionString,
        max: config.database.poolSize,
        connectTimeoutMs: config.database.connectTimeoutMs,
        statementTimeoutMs: config.database.statementTimeoutMs,
        lockTimeoutMs: config.database.lockTimeoutMs,
        applicationName: options.applicationName,
      },
      logger,
    )
  const pool = poolTo(url)
  const replica = config.database.replicaUrl ? poolTo(config.database.replicaUrl) : undefined
  const migrations = await loadMigrations()
  try {
    await withRetry('postgres', () => migrate(pool, logger, migrations), STARTUP_POLICY)
  } catch (error) {
    await pool.end().catch(() => undefined)
    await embedded?.stop()
    throw error
  }
  return {
    pool,
    replica,
    async ready() {
      const reachable = await pool.query('SELECT 1').then(
        () => true,
        () => false,
      )
      return { database: reachable }
    },
    async close() {
      await pool.end().catch((err) => logger.warn({ err }, 'closing the pool failed'))
      await replica?.end().catch((err) => logger.warn({ err }, 'closing the replica pool failed'))
      await embedded?.stop()
    },
  }
}
