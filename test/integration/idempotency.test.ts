import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
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
})
