import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('slack429')
let bot: TestBot
let worker: RunningWorker

beforeAll(async () => {
  bot = await startTestBot({ env: queueEnv(prefix) })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env: queueEnv(prefix) })
  await bot.answer('new RATE Rate-limited part')
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

describe('Slack answering 429 and 5xx', () => {
  it('delivers the answer once, after Retry-After, without a retry storm', async () => {
    bot.slack.reply('*', { status: 429, headers: { 'retry-after': '1' } }, { status: 503 })
    const reply = await bot.command('receive RATE 4')
    const calls = await bot.slack.waitFor({ kind: 'response', name: reply.responseId }, 3, 15_000)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const all = bot.slack.calls({ kind: 'response', name: reply.responseId })
    expect(all).toHaveLength(3)
    const [first, second] = calls
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
    expect(String(all[2]?.body.text)).toContain('now 4 on hand at main')
  })

  it('honours a rate-limited Web API call the same way, with the client’s own retries off', async () => {
    const reply = await bot.command('receive RATE 1')
    bot.slack.reply(reply.responseId, { status: 404, body: { error: 'expired_url' } })
    bot.slack.reply('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    })
    const posts = await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' }, 2, 15_000)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(bot.slack.calls({ kind: 'api', name: 'chat.postMessage' })).toHaveLength(2)
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
    expect(String(posts[1]?.body.text)).toContain('now 5 on hand at main')
  })
})
