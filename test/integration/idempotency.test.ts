import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { movementCount } from '../helpers/ledger.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot()
  await bot.answer('new IDEM Idempotent part')
  await bot.answer('receive IDEM 10')
})
afterAll(() => bot.stop())

describe('the same request delivered twice', () => {
  it('makes one movement and answers like the first', async () => {
    const before = await movementCount(bot.db.pool)
    const fields = { trigger_id: 'trigger.same.1' }
    const first = await bot.answer('issue IDEM 3', fields)
    const second = await bot.answer('issue IDEM 3', fields)
    expect(second.text).toBe(first.text)
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    expect((await bot.answer('stock IDEM')).text).toMatch(/^IDEM Idempotent part: 7 on hand/)
  })

  it('makes one movement when the duplicates arrive at the same moment', async () => {
    const before = await movementCount(bot.db.pool)
    const fields = { trigger_id: 'trigger.same.2' }
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => bot.answerPastBusy('receive IDEM 1', fields)),
    )
    expect(new Set(replies.map((r) => r.text)).size).toBe(1)
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
  })

  it('replays a refusal as a refusal, even after stock arrives', async () => {
    const fields = { trigger_id: 'trigger.same.3' }
    const first = await bot.answer('issue IDEM 50', fields)
    expect(first.text).toContain('only 8 available at main')
    await bot.answer('receive IDEM 100')
    expect((await bot.answer('issue IDEM 50', fields)).text).toBe(first.text)
  })

  it('keeps request keys per workspace', async () => {
    await bot.answer('new IDEM Other workspace part', { team_id: 'T0002' })
    const reply = await bot.answer('receive IDEM 1', { team_id: 'T0002', trigger_id: 'trigger.same.1' })
    // Movement numbers are per workspace: this is T0002's first.
    expect(reply.text).toMatch(/^#1 <@U0001> received 1 IDEM Other workspace part/)
  })

  it('a repeat that runs while the first is still applying gives way, then replays its outcome', async () => {
    const before = await movementCount(bot.db.pool)
    const fields = { trigger_id: 'trigger.same.race' }
    // The first delivery, applied in a transaction held open: its movement is written, not committed.
    const first = await bot.db.pool.connect()
    try {
      await first.query('BEGIN')
      await first.query('SELECT inventory_apply($1::jsonb)', [
        JSON.stringify({
          teamId: 'T0001',
          userId: 'U0001',
          requestKey: 'cmd:trigger.same.race',
          isAdmin: false,
          action: { verb: 'receive', sku: 'IDEM', quantity: 2 },
        }),
      ])
      const repeat = bot.answer('receive IDEM 2', fields)
      await eventually(async () => {
        const { rows } = await bot.db.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%inventory_apply%'`,
        )
        return rows[0]?.n === 1
      })
      await first.query('COMMIT')
      const replayed = await repeat
      expect(replayed.text).toBe((await bot.answer('receive IDEM 2', fields)).text)
      expect(replayed.text).toMatch(/received 2 IDEM/)
    } finally {
      first.release()
    }
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
  })
})
