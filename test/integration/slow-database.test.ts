import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../helpers/database.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

let proxy: FaultProxy
let direct: TestDatabase
let slow: TestDatabase

beforeAll(async () => {
  direct = await createTestDatabase()
  const server = new URL(TEST_SERVER_URL)
  proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) })
  slow = { ...direct, url: proxy.through(direct.url) }
})
afterAll(async () => {
  await proxy.close()
  await direct.drop()
})

/** Every round trip to Postgres takes 1.2 s longer: even a change of one round trip outlasts the ack budget. */
const SLOW = { kind: 'latency', ms: 600 } as const
// A 1 s ack budget leaves a wide margin under Slack's 3 s on a busy machine.
const env = { DB_CONNECT_TIMEOUT_MS: '20000', DB_STATEMENT_TIMEOUT_MS: '20000', ACK_BUDGET_MS: '1000' }

describe.each([
  ['in-process mode', false],
  ['queue mode', true],
])('Postgres slowed down, %s', (_, queued) => {
  const prefix = uniquePrefix('slowdb')
  let bot: TestBot
  let worker: RunningWorker | undefined

  beforeAll(async () => {
    await proxy.set({ kind: 'pass' })
    const modeEnv = queued ? queueEnv(prefix, env) : env
    bot = await startTestBot({ db: slow, env: modeEnv })
    if (queued) worker = await startTestWorker({ db: slow, slack: bot.slack, env: modeEnv })
    await bot.answer(`new SLOW${queued ? 'Q' : 'I'} Slow part`)
  })
  afterAll(async () => {
    await proxy.set({ kind: 'pass' })
    await worker?.stop()
    await bot.stop()
    if (queued) await deleteQueues(prefix)
  })

  it('still acks within 3 s, and the answer arrives later on the response_url', async () => {
    await proxy.set(SLOW)
    const reply = await bot.command(`receive SLOW${queued ? 'Q' : 'I'} 3`)
    expect(reply.status).toBe(200)
    expect(reply.elapsedMs).toBeLessThan(3_000)
    expect(reply.ack.text).toBe(WORKING_ON_IT)
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: reply.responseId }, 1, 45_000)
    expect(String(answer?.body.text)).toContain('now 3 on hand at main')
    await proxy.set({ kind: 'pass' })
  }, 60_000)
})
