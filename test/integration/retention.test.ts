import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tryLockPruning, unlockPruning } from '../../src/db/repositories/retention.js'
import { pruneExpired } from '../../src/db/retention.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { eventually } from '../helpers/eventually.js'
import { movementCount } from '../helpers/ledger.js'

const OLD = "now() - interval '31 days'"
const YOUNG = "now() - interval '29 days'"

/** Rows of every prunable kind: `old-*` past a 30-day window, `young-*` inside it. */
async function seed(db: TestDatabase): Promise<void> {
  await db.pool.query(`
    INSERT INTO workspaces (team_id) VALUES ('T0001') ON CONFLICT DO NOTHING;
    INSERT INTO requests (team_id, request_key, outcome, created_at) VALUES
      ('T0001', 'old-1', '{}', ${OLD}), ('T0001', 'old-2', '{}', ${OLD}), ('T0001', 'old-3', '{}', ${OLD}),
      ('T0001', 'old-4', '{}', ${OLD}), ('T0001', 'old-5', '{}', ${OLD}),
      ('T0001', 'old-replayed-dead-letter', '{}', ${OLD}),
      ('T0001', 'old-open-dead-letter', '{}', ${OLD}), ('T0001', 'old-in-outbox', '{}', ${OLD}),
      ('T0001', 'young-1', '{}', ${YOUNG}), ('T0001', 'young-2', '{}', now());
    INSERT INTO dead_letters (dedupe_key, team_id, request_key, payload, reason, deliveries, status, created_at) VALUES
      ('d1', 'T0001', 'old-open-dead-letter', '{}', 'poisoned', 5, 'dead', ${OLD}),
      ('d2', 'T0001', 'old-replayed-dead-letter', '{}', 'poisoned', 5, 'replayed', ${OLD});
    INSERT INTO outbox (team_id, request_key, payload, created_at) VALUES ('T0001', 'old-in-outbox', '{}', ${OLD});
    INSERT INTO processed_events (event_id, team_id, created_at) VALUES
      ('old-e1', 'T0001', ${OLD}), ('old-e2', 'T0001', ${OLD}), ('old-e3', NULL, ${OLD}),
      ('young-e1', 'T0001', ${YOUNG});
    INSERT INTO pending_changes (team_id, user_id, command, status, created_at) VALUES
      ('T0001', 'U0001', '{"verb":"issue"}', 'confirmed', ${OLD}),
      ('T0001', 'U0001', '{"verb":"issue"}', 'pending', ${OLD}),
      ('T0001', 'U0001', '{"verb":"issue"}', 'pending', ${YOUNG});
    INSERT INTO pending_choices (team_id, user_id, command, field, options, created_at) VALUES
      ('T0001', 'U0001', '{"verb":"issue"}', 'sku', '{A,B}', ${OLD}),
      ('T0001', 'U0001', '{"verb":"issue"}', 'sku', '{A,B}', ${OLD}),
      ('T0001', 'U0001', '{"verb":"issue"}', 'sku', '{A,B}', ${YOUNG});
  `)
}

const keys = async (db: TestDatabase, team = 'T0001') =>
  (
    await db.pool.query('SELECT request_key FROM requests WHERE team_id = $1 ORDER BY request_key', [team])
  ).rows.map((r) => r.request_key)
const count = async (db: TestDatabase, table: string, where = 'true') =>
  (await db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0].n as number

describe('pruning', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await createTestDatabase()
    await seed(db)
  })
  afterAll(() => db.drop())

  it('waits while another instance holds the lock, and changes nothing', async () => {
    const other = await db.pool.connect()
    try {
      expect(await tryLockPruning(other)).toBe(true)
      expect(await pruneExpired(db.pool, { retentionDays: 30 })).toBe('busy')
      expect(await count(db, 'requests')).toBe(10)
    } finally {
      await unlockPruning(other)
      other.release()
    }
  })

  it('deletes, in small batches, what is older than the retention and nothing younger', async () => {
    const report = await pruneExpired(db.pool, { retentionDays: 30, batchRows: 2 })
    expect(report).toEqual({ requests: 6, processed_events: 3, pending_choices: 2, pending_changes: 2 })
    expect(await keys(db)).toEqual(['old-in-outbox', 'old-open-dead-letter', 'young-1', 'young-2'])
    expect(await count(db, 'processed_events')).toBe(1)
    expect(await count(db, 'pending_changes')).toBe(1)
    expect(await count(db, 'pending_choices')).toBe(1)
    expect(await count(db, 'dead_letters')).toBe(2)
    expect(await count(db, 'outbox')).toBe(1)
    expect(await pruneExpired(db.pool, { retentionDays: 30 })).toEqual({
      requests: 0,
      processed_events: 0,
      pending_choices: 0,
      pending_changes: 0,
    })
  })

  it('keeps a request key while an open dead letter or an outbox row can bring it back', async () => {
    await db.pool.query("UPDATE dead_letters SET status = 'dropped' WHERE dedupe_key = 'd1'")
    await db.pool.query('DELETE FROM outbox')
    expect(await pruneExpired(db.pool, { retentionDays: 30 })).toMatchObject({ requests: 2 })
    expect(await keys(db)).toEqual(['young-1', 'young-2'])
  })
})

describe('the bot', () => {
  let bot: TestBot
  beforeAll(async () => {
    const db = await createTestDatabase()
    await seed(db)
    bot = await startTestBot({ db })
  })
  afterAll(async () => {
    await bot.stop()
    await bot.db.drop()
  })

  it('prunes by itself, soon after it starts', async () => {
    // The last table pruned, in the order of PRUNABLE.
    await eventually(async () => (await count(bot.db, 'pending_changes')) === 1)
    expect(await keys(bot.db)).toEqual(['old-in-outbox', 'old-open-dead-letter', 'young-1', 'young-2'])
    expect(await count(bot.db, 'processed_events')).toBe(1)
  })

  it('still replays a change inside the window, and never prunes the ledger or what it refers to', async () => {
    const team = { team_id: 'T0002' }
    await bot.answer('new KEEP Kept part', team)
    await bot.answer('receive KEEP 10', team)
    expect((await bot.answer('reserve KEEP 2 for job 1', team)).text).toMatch(/^R-1 /)
    const fields = { ...team, trigger_id: 'trigger.keep.1' }
    const first = await bot.answer('issue KEEP 3', fields)
    const movements = await movementCount(bot.db.pool, 'T0002')
    // Everything the bot wrote ages past the window, except the last change's request key.
    await bot.db.pool.query(`
      UPDATE requests SET created_at = ${OLD} WHERE request_key <> 'cmd:trigger.keep.1';
      UPDATE reservations SET created_at = ${OLD};
      UPDATE dead_letters SET created_at = ${OLD}, status = 'dropped';`)
    await pruneExpired(bot.db.pool, { retentionDays: 30 })
    expect(await keys(bot.db, 'T0002')).toEqual(['cmd:trigger.keep.1'])
    expect((await bot.answer('issue KEEP 3', fields)).text).toBe(first.text)
    expect(await movementCount(bot.db.pool, 'T0002')).toBe(movements)
    expect(await count(bot.db, 'reservations')).toBe(1)
    expect(await count(bot.db, 'dead_letters')).toBe(2)
    expect((await bot.answer('stock KEEP', team)).text).toMatch(
      /^KEEP Kept part: 7 on hand, 5 available · 2 reserved/,
    )
  })
})
