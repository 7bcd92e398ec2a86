import type pg from 'pg'
import { type RetryPolicy, withRetry } from '../resilience/retry.js'
import type { Queryable } from './pool.js'

/** The client of an open transaction. Only repositories call `query` on it. */
export type Tx = Queryable

/**
 * Runs `work` in one transaction on its own client, committed when it returns
 * and rolled back when it throws. Transient failures (serialization failures,
 * deadlocks, lost connections) rerun the whole transaction, so `work` must have
 * no effects outside it. The client is released in `finally`, destroyed when broken.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (tx: Tx) => Promise<T>,
  policy?: RetryPolicy,
): Promise<T> {
  return withRetry(
    'postgres',
    async () => {
      const client = await pool.connect()
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
    policy,
  )
}

const isReadTimeout = (error: unknown) => error instanceof Error && error.message === 'Query read timeout'
