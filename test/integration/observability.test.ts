import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, redactUrl } from '../../src/logger.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { captureLogs } from '../helpers/logs.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'
import { TEST_SIGNING_SECRET } from '../helpers/signed.js'

const prefix = uniquePrefix('obs')
const TOKEN = 'xoxb-test-token'
const botLogs = captureLogs()
const workerLogs = captureLogs()
let bot: TestBot
let worker: RunningWorker

beforeAll(async () => {
  const env = queueEnv(prefix, { LOG_LEVEL: 'trace' })
  bot = await startTestBot({ env, logs: botLogs })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env, logs: workerLogs })
  await bot.answer('new OBS Observed part')
  await bot.answer('receive OBS 3')
  await bot.answer('issue OBS 99')
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

describe('metrics', () => {
  it('serves Prometheus text with commands by verb and outcome, ack latency and queue gauges', async () => {
    const text = await (await fetch(bot.url.replace('/slack/events', '/metrics'))).text()
    expect(text).toMatch(/inventory_commands_total\{verb="receive",outcome="queued"\} 1/)
    expect(text).toMatch(/inventory_ack_latency_seconds_bucket\{le="3"\} [1-9]/)
    expect(text).toMatch(/inventory_queue_depth \d+/)
    expect(text).toMatch(/inventory_dead_letters 0/)
    expect(text).toMatch(/inventory_outbox_rows 0/)
    const workerText = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text()
    expect(workerText).toMatch(/inventory_commands_total\{verb="receive",outcome="ok"\} 1/)
    expect(workerText).toMatch(/inventory_commands_total\{verb="issue",outcome="refused"\} 1/)
  })
})

describe('logs', () => {
  it('follow one request id from the ack, through the worker, to the reply', () => {
    const accepted = botLogs
      .lines()
      .find((l) => l.msg === 'accepted: published to the queue' && l.verb === 'receive')
    const requestId = accepted?.requestId as string
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    const applied = workerLogs
      .lines()
      .find((l) => l.msg === 'job applied and answered' && l.requestId === requestId)
    expect(applied).toMatchObject({ verb: 'receive', ok: true })
  })

  it('never contain the bot token, the signing secret or a database password', () => {
    const all = botLogs.text() + workerLogs.text()
    expect(all.length).toBeGreaterThan(1000)
    expect(all).not.toContain(TOKEN)
    expect(all).not.toContain(TEST_SIGNING_SECRET)
  })

  it('redact secrets wherever they appear in a logged object', () => {
    const capture = captureLogs()
    createLogger('info', capture.stream).info(
      {
        token: 'xoxb-1',
        slack: { botToken: 'xoxb-2', signingSecret: 'shh-3' },
        headers: { authorization: 'Bearer xoxb-4' },
        database: { password: 'pw-5' },
      },
      'configured',
    )
    expect(capture.text()).not.toMatch(/xoxb-|shh-3|pw-5/)
    expect(capture.text()).toContain('[redacted]')
    expect(redactUrl('postgres://app:s3cret@db:5432/inventory')).toBe(
      'postgres://app:redacted@db:5432/inventory',
    )
  })
})
