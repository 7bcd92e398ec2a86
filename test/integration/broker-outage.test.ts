import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { deleteQueues, queueEnv, startTestWorker, TEST_AMQP_URL, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('mqdown')
let proxy: FaultProxy
let bot: TestBot
let worker: RunningWorker

beforeAll(async () => {
  const broker = new URL(TEST_AMQP_URL)
  proxy = await startFaultProxy({ host: broker.hostname, port: Number(broker.port || 5672) })
  // The bot reaches RabbitMQ through the proxy; the worker directly.
  bot = await startTestBot({ env: queueEnv(prefix, { AMQP_URL: proxy.through(TEST_AMQP_URL) }) })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env: queueEnv(prefix) })
  await bot.answer('new MQ Broker part')
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await proxy.close()
  await deleteQueues(prefix)
})

const outboxRows = async () =>
  (await bot.db.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number

async function sendDuringOutage(count: number) {
  const replies = []
  for (let i = 0; i < count; i++) replies.push(await bot.command('receive MQ 1'))
  for (const reply of replies) {
    expect(reply.ack.text).toBe(WORKING_ON_IT)
    expect(reply.elapsedMs).toBeLessThan(3_000)
  }
  return replies
}

describe('RabbitMQ unreachable from the bot', () => {
  it('keeps acknowledging changes (outbox) and applies them all once the broker returns', async () => {
    await proxy.set({ kind: 'refuse' })
    const replies = await sendDuringOutage(5)
    expect(await outboxRows()).toBe(5)
    await proxy.set({ kind: 'pass' })
    for (const reply of replies)
      await bot.slack.waitFor({ kind: 'response', name: reply.responseId }, 1, 30_000)
    expect(await outboxRows()).toBe(0)
    expect((await bot.answer('stock MQ')).text).toMatch(/^MQ Broker part: 5 on hand/)
  }, 60_000)

  it('falls back to the outbox within the ack budget when the broker is blackholed', async () => {
    await proxy.set({ kind: 'blackhole' })
    const replies = await sendDuringOutage(2)
    expect(await outboxRows()).toBe(2)
    await proxy.set({ kind: 'reset' })
    await proxy.set({ kind: 'pass' })
    for (const reply of replies)
      await bot.slack.waitFor({ kind: 'response', name: reply.responseId }, 1, 30_000)
    expect((await bot.answer('stock MQ')).text).toMatch(/^MQ Broker part: 7 on hand/)
    await expectLedgerBalanced(bot.db.pool)
  }, 60_000)

  it('does not promise nothing happened when a publish went unconfirmed and the outbox failed too', async () => {
    await proxy.set({ kind: 'blackhole' })
    await bot.db.pool.query('ALTER TABLE outbox RENAME TO outbox_away')
    try {
      const reply = await bot.command('receive MQ 1')
      expect(reply.ack.text).toContain('may still be applied: check `/inventory history MQ`')
      expect(reply.elapsedMs).toBeLessThan(3_000)
    } finally {
      await bot.db.pool.query('ALTER TABLE outbox_away RENAME TO outbox')
      await proxy.set({ kind: 'reset' })
      await proxy.set({ kind: 'pass' })
    }
  }, 30_000)

  it('says plainly that nothing was accepted when neither the broker nor the database can take it', async () => {
    await proxy.set({ kind: 'refuse' })
    await bot.db.pool.query('ALTER TABLE outbox RENAME TO outbox_away')
    try {
      const reply = await bot.command('receive MQ 1')
      expect(reply.ack.text).toContain('Nothing was accepted')
    } finally {
      await bot.db.pool.query('ALTER TABLE outbox_away RENAME TO outbox')
      await proxy.set({ kind: 'pass' })
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await bot.answer('stock MQ')).text).toMatch(/^MQ Broker part: 7 on hand/)
  }, 30_000)
})
