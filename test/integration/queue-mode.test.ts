import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced, movementCount } from '../helpers/ledger.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('queue')
let bot: TestBot
let worker: RunningWorker

beforeAll(async () => {
  bot = await startTestBot({ env: queueEnv(prefix, { ADMIN_USERS: 'UADMIN' }) })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env: queueEnv(prefix) })
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

describe('queue mode', () => {
  it('acks a change with "working on it", and a worker answers on the response_url, replacing it', async () => {
    const created = await bot.command('new QUEUED Queued part')
    expect(created.ack.text).toBe(WORKING_ON_IT)
    expect(created.elapsedMs).toBeLessThan(3_000)
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: created.responseId })
    expect(answer?.body).toMatchObject({ replace_original: true, response_type: 'in_channel' })
    expect(String(answer?.body.text)).toContain('created QUEUED Queued part')
    const receipt = await bot.answer('receive QUEUED 10')
    expect(receipt.text).toMatch(
      /^#1 <@U0001> received 10 QUEUED Queued part at main — now 10 on hand at main/,
    )
  })

  it('answers reads directly, without the queue', async () => {
    const reply = await bot.command('stock QUEUED')
    expect(reply.ack.text).toMatch(/^QUEUED Queued part: 10 on hand, 10 available/)
  })

  it('tells the asker when the worker refuses the change', async () => {
    const refused = await bot.answer('issue QUEUED 50')
    expect(refused.response_type).toBe('ephemeral')
    expect(refused.text).toContain('only 10 available at main')
  })

  it('applies a command delivered twice once, answering both alike', async () => {
    const before = await movementCount(bot.db.pool)
    const fields = { trigger_id: 'queue.dup.1' }
    const [first, second] = await Promise.all([
      bot.answer('issue QUEUED 1', fields),
      bot.answer('issue QUEUED 1', fields),
    ])
    expect(first?.text).toBe(second?.text)
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    await expectLedgerBalanced(bot.db.pool)
  })

  it('reports the worker’s readiness', async () => {
    const ready = await fetch(`http://127.0.0.1:${worker.port}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ checks: { broker: true, database: true } })
  })
})
