import pg from 'pg'
import type { Logger } from '../logger.js'

/** Slack keeps at most 10 Socket Mode connections open per app: one slot per bot that may hold one. */
export const SOCKET_MODE_SLOTS = 10
/** Slot n is the session advisory lock SLOT_LOCK_BASE + n: fixed numbers, the same for every instance. */
const SLOT_LOCK_BASE = 7_349_110_100
/** How often the session holding a slot is checked; a broken session has lost its lock. */
const SLOT_CHECK_MS = 5_000

/** A Socket Mode slot this process holds, as long as the database session that took it lives. */
export interface SocketSlot {
  readonly slot: number
  /** Resolves when the session holding the lock broke: the slot may be someone else's now. */
  readonly lost: Promise<void>
  release(): Promise<void>
}

/**
 * Takes a free slot, `preferred` first (the one held before, after a lost
 * session), on a session of its own (opened with the pool's settings, outside
 * the pool, so it takes none of the pool's connections) for as long as the slot
 * is held. `undefined` when every slot is taken; throws when the database
 * cannot be reached.
 */
export async function takeSocketSlot(
  pool: pg.Pool,
  logger: Logger,
  preferred?: number,
): Promise<SocketSlot | undefined> {
  const client = new pg.Client(pool.options)
  client.on('error', () => undefined) // a broken session is noticed by `holdSlot`'s check
  try {
    await client.connect()
    const order = [
      ...(preferred === undefined ? [] : [preferred]),
      ...[...Array(SOCKET_MODE_SLOTS).keys()].filter((n) => n !== preferred),
    ]
    for (const slot of order) {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [SLOT_LOCK_BASE + slot],
      )
      if (rows[0]?.locked) return holdSlot(client, slot, logger)
    }
  } catch (error) {
    await client.end().catch(() => undefined)
    throw error
  }
  await client.end()
  return undefined
}

function holdSlot(client: pg.Client, slot: number, logger: Logger): SocketSlot {
  let released = false
  let markLost: () => void = () => {}
  const lost = new Promise<void>((resolve) => (markLost = resolve))
  const broken = (err?: unknown) => {
    if (released) return
    released = true
    clearInterval(check)
    logger.warn({ err, slot }, 'the database session holding this Socket Mode slot broke')
    void client.end().catch(() => undefined)
    markLost()
  }
  const check = setInterval(() => {
    client.query('SELECT 1').catch(broken)
  }, SLOT_CHECK_MS)
  check.unref()
  client.once('error', broken).once('end', broken)
  return {
    slot,
    lost,
    async release() {
      if (released) return
      released = true
      clearInterval(check)
      client.off('error', broken)
      // Closing the session releases its advisory locks, whatever state it is in.
      await client.end().catch(() => undefined)
    },
  }
}
