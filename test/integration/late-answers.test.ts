import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { movementCount } from '../helpers/ledger.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { ACK_BUDGET_MS: '300', DB_LOCK_TIMEOUT_MS: '20000' } })
  await bot.answer('new SLOW Slow part')
  await bot.answer('receive SLOW 10')
})
afterAll(() => bot.stop())

/** Holds the row lock on SLOW's balance for `ms`, so that changes to it wait. */
async function holdStockRow(ms: number): Promise<void> {
  const client = new pg.Client({ connectionString: bot.db.url })
  await client.connect()
  await client.query('BEGIN')
  await client.query(
    "SELECT 1 FROM stock_levels s JOIN items i ON i.id = s.item_id WHERE i.sku = 'SLOW' FOR UPDATE OF s",
  )
  setTimeout(async () => {
    await client.query('COMMIT')
    await client.end()
  }, ms)
}

describe('an answer that is not ready within the ack budget', () => {
  it('acks "working on it" at once and posts the answer to the response_url, replacing it', async () => {
    await holdStockRow(1_500)
    const reply = await bot.command('issue SLOW 2')
    expect(reply.status).toBe(200)
    expect(reply.ack.text).toBe(WORKING_ON_IT)
    expect(reply.elapsedMs).toBeLessThan(3_000)
    const [late] = await bot.slack.waitFor({ kind: 'response', name: reply.responseId })
    expect(late?.body).toMatchObject({ replace_original: true, response_type: 'in_channel' })
    expect(String(late?.body.text)).toMatch(/issued 2 SLOW Slow part from main — now 8 on hand at main/)
  })

  it('falls back to chat.postMessage when the response_url fails', async () => {
    await holdStockRow(800)
    const before = await movementCount(bot.db.pool)
    const reply = await bot.command('issue SLOW 1')
    bot.slack.reply(reply.responseId, { status: 404, body: { error: 'expired_url' } })
    const [posted] = await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' })
    expect(posted?.body).toMatchObject({ channel: 'C0001' })
    expect(String(posted?.body.text)).toContain('now 7 on hand at main')
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
  })

  it('falls back to chat.postEphemeral for an ephemeral answer', async () => {
    await bot.answer('location new back')
    await holdStockRow(800)
    // A move locks both balances before checking, so this refusal waits for the lock.
    const reply = await bot.command('move SLOW 1000 from main to back')
    expect(reply.ack.text).toBe(WORKING_ON_IT)
    bot.slack.reply(reply.responseId, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 })
    const [posted] = await bot.slack.waitFor({ kind: 'api', name: 'chat.postEphemeral' })
    expect(posted?.body).toMatchObject({ channel: 'C0001', user: 'U0001' })
    expect(String(posted?.body.text)).toContain('only 7 available at main')
    // Four attempts on the response_url (the call-level attempt limit), then the fallback: no retry storm.
    expect(bot.slack.calls({ kind: 'response', name: reply.responseId })).toHaveLength(4)
  })
})
