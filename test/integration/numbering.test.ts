import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot()
})
afterAll(async () => {
  await expectLedgerBalanced(bot.db.pool)
  await bot.stop()
})

const numberOf = (text: string) => Number(text.match(/^(?:#|R-)(\d+) /)?.[1])

describe('movement and reservation numbers (a sequence per workspace)', () => {
  it('increase by one, and a refusal or a confirmation prompt takes no number', async () => {
    await bot.answer('new NUM Numbered part', { team_id: 'TNUM' })
    const first = numberOf((await bot.answer('receive NUM 500', { team_id: 'TNUM' })).text)
    expect((await bot.answer('issue NUM 9999', { team_id: 'TNUM' })).text).toContain('only 500 available')
    expect((await bot.answer('issue NOPE 1', { team_id: 'TNUM' })).text).toContain('There is no item NOPE')
    expect((await bot.answer('issue NUM 150', { team_id: 'TNUM' })).text).toContain('This changes more than')
    const second = numberOf((await bot.answer('issue NUM 1', { team_id: 'TNUM' })).text)
    expect([first, second]).toEqual([1, 2])
    expect(numberOf((await bot.answer('reserve NUM 1', { team_id: 'TNUM' })).text)).toBe(1)
    expect((await bot.answer('reserve NUM 9999', { team_id: 'TNUM' })).text).toContain('available')
    expect(numberOf((await bot.answer('reserve NUM 1', { team_id: 'TNUM' })).text)).toBe(2)
  })

  it('a workspace whose first commands arrive together is created once, and numbers them all', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bot.answerPastBusy(`new PAR${i} Parallel part`, { team_id: 'TPAR' }),
      ),
    )
    expect(replies.filter((r) => r.text.includes('created PAR'))).toHaveLength(20)
    const receipts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => bot.answerPastBusy(`receive PAR${i} 1`, { team_id: 'TPAR' })),
    )
    expect(receipts.map((r) => numberOf(r.text)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    const { rows } = await bot.db.pool.query(
      "SELECT count(*)::int AS n FROM locations WHERE team_id = 'TPAR' AND code = 'main'",
    )
    expect(rows[0].n).toBe(1)
  })
})
