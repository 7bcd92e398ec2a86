import type pg from 'pg'
import { type RetryPolicy, withRetry } from '../resilience/retry.js'
import type { Queryable } from './pool.js'

/** The client of an open transaction. Only repositories call `query` on it. */
export type Tx = Queryable

export interface TransactionOptions {
  /** How a transient failure is retried, the whole transaction each time (default: the call-level policy). */
  readonly retry?: RetryPolicy
  /** Give up when no connection is free within this time (default: the pool's connect timeout). */
  readonly connectTimeoutMs?: number
}

/**
 * Runs `work` in one transaction on its own client, committed when it returns
 * and rolled back when it throws. Transient failures (serialization failures,
 * deadlocks, lost connections) rerun the whole transaction, so `work` must have
 * no effects outside it (or pass `retry: NO_RETRY`). The client is released in
 * `finally`, destroyed when broken. The one other BEGIN is the migration
 * runner's, which must keep its session (and advisory lock) across migrations.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return withRetry(
    'postgres',
    async () => {
      const client = await connect(pool, options.connectTimeoutMs)
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        const result = await work(client)
        await client.query('COMMIT')
        return result
      } catch (error) {
        // A client that stopped answering is discarded rather than asked to roll back (the server does that).
        if (isReadTimeout(error)) broken = error as Error
        else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError))
        throw error
      } finally {
        client.release(broken)
      }
    },
    options.retry,
  )
}

/**
 * Runs `work` inside the open transaction `tx` under a savepoint. When it throws
 * an error that `recover` turns into a value, what `work` wrote is rolled back
 * and that value returned, the transaction going on; any other error is
 * rethrown as it is (the whole transaction fails). The savepoint is not
 * released: it costs nothing until the commit, and releasing it would be one
 * more round trip.
 */
export async function withSavepoint<T, R>(
  tx: Tx,
  work: () => Promise<T>,
  recover: (error: unknown) => R | undefined,
): Promise<T | R> {
  await tx.query('SAVEPOINT work')
  try {
    return await work()
  } catch (error) {
    const recovered = recover(error)
    if (recovered === undefined) throw error
    await tx.query('ROLLBACK TO SAVEPOINT work')
    return recovered
  }
}

/** A pooled client, within `timeoutMs` when given; a client that arrives too late goes straight back to the pool. */
async function connect(pool: pg.Pool, timeoutMs: number | undefined): Promise<pg.PoolClient> {
  const connecting = pool.connect()
  if (timeoutMs === undefined) return connecting
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no database connection within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([connecting, timeout])
  } catch (error) {
    connecting.then(
      (late) => late.release(),
      () => undefined,
    )
    throw error
  } finally {
    clearTimeout(timer)
  }
}

const isReadTimeout = (error: unknown) => error instanceof Error && error.message === 'Query read timeout'
