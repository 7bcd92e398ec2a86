import pg from 'pg'
import type { Logger } from '../logger.js'

// bigint columns (counts, quantities) fit comfortably in a JS number below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

/**
 * Anything that runs a query: the pool, or the client of a transaction. A
 * `{ name, text, values }` query is a named prepared statement: each connection
 * parses and plans it once, then only binds and executes it.
 */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig<unknown[]>,
  ): Promise<pg.QueryResult<R>>
}

export interface PoolOptions {
  readonly connectionString: string
  readonly max: number
  readonly connectTimeoutMs: number
  readonly statementTimeoutMs: number
  readonly lockTimeoutMs: number
  readonly applicationName: string
}

/**
 * A pool whose every connection has timeouts (connect, statement, lock), so a
 * slow or blackholed database costs seconds, never forever. Errors on idle
 * clients are logged, not thrown (an unhandled 'error' would crash Node).
 */
export function createPool(options: PoolOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    lock_timeout: options.lockTimeoutMs,
    idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    // Client-side backstop for a server that stops answering mid-query (blackholed network).
    query_timeout: options.statementTimeoutMs + 1_000,
    application_name: options.applicationName,
    keepAlive: true,
  })
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres connection failed; it will be replaced'))
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err }, 'postgres connection failed'))
  })
  return pool
}
