import type pg from 'pg'
import type { Logger } from '../logger.js'
import {
  PRUNABLE_TABLES,
  type PrunableTable,
  pruneBatch,
  tryLockPruning,
  unlockPruning,
} from './repositories/retention.js'

/** How often each bot tries to prune (one of them wins the lock; the others skip). */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000
/** Rows per DELETE: small enough that each batch is a short transaction. */
export const PRUNE_BATCH_ROWS = 1_000
/** A pause between batches, so pruning a large backlog leaves room for everyone else's queries. */
const PRUNE_PAUSE_MS = 20

/** Rows pruned per table, or `busy` when another instance held the lock (nothing was done here). */
export type PruneReport = Record<PrunableTable, number> | 'busy'

/**
 * Prunes every prunable table of rows older than `retentionDays`, batch by
 * batch, under a session advisory lock: of many instances pruning at once,
 * one does the work and the others return `busy`. Stops early (between
 * batches) when `shouldStop` says so.
 */
export async function pruneExpired(
  pool: pg.Pool,
  options: { retentionDays: number; batchRows?: number; shouldStop?: () => boolean },
): Promise<PruneReport> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    if (!(await tryLockPruning(client))) return 'busy'
    try {
      const report = Object.fromEntries(PRUNABLE_TABLES.map((t) => [t, 0])) as Record<PrunableTable, number>
      const batchRows = options.batchRows ?? PRUNE_BATCH_ROWS
      for (const table of PRUNABLE_TABLES) {
        for (;;) {
          if (options.shouldStop?.()) return report
          const pruned = await pruneBatch(client, table, options.retentionDays, batchRows)
          report[table] += pruned
          if (pruned < batchRows) break
          await new Promise((resolve) => setTimeout(resolve, PRUNE_PAUSE_MS))
        }
      }
      return report
    } finally {
      await unlockPruning(client)
    }
  } catch (error) {
    // A session that may still hold the lock is closed rather than returned to the pool.
    broken = error as Error
    throw error
  } finally {
    client.release(broken)
  }
}

/**
 * Prunes once shortly after start, then every `intervalMs`, on every bot; the
 * advisory lock elects one of them each time. Failures are logged and retried
 * at the next tick.
 */
export function startPruner(deps: {
  pool: pg.Pool
  retentionDays: number
  logger: Logger
  intervalMs?: number
}): { stop(): Promise<void> } {
  const logger = deps.logger.child({ component: 'pruner' })
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = running.then(async () => {
      if (stopped) return
      const report = await pruneExpired(deps.pool, {
        retentionDays: deps.retentionDays,
        shouldStop: () => stopped,
      }).catch((err) => logger.warn({ err }, 'pruning failed; will try again at the next interval'))
      if (report && report !== 'busy' && Object.values(report).some(Boolean))
        logger.info({ pruned: report, retentionDays: deps.retentionDays }, 'pruned expired rows')
    })
  }
  const first = setTimeout(tick, 1_000)
  const timer = setInterval(tick, deps.intervalMs ?? PRUNE_INTERVAL_MS)
  first.unref()
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearTimeout(first)
      clearInterval(timer)
      await running
    },
  }
}
