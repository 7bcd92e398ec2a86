import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { STALE_NOTE, WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import type { TestDatabase } from '../helpers/database.js'
import { eventually } from '../helpers/eventually.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { buildViewSubmission } from '../helpers/payloads.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'
import { type ReplicatedPostgres, startReplicatedPostgres } from '../helpers/replicated-postgres.js'

let cluster: ReplicatedPostgres
let proxy: FaultProxy
let db: TestDatabase

beforeAll(async () => {
  cluster = await startReplicatedPostgres()
  proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(new URL(cluster.primaryUrl).port) })
  const pool = new pg.Pool({ connectionString: cluster.primaryUrl })
  pool.on('error', () => {})
  // The bot reaches the primary only through the proxy; the replica is a second path the proxy does not cut.
  db = { name: 'primary', url: proxy.through(cluster.primaryUrl), pool, drop: async () => pool.end() }
}, 60_000)
afterAll(async () => {
  await db.drop()
  await proxy.close()
  await cluster.stop()
})

const outageEnv = { DATABASE_REPLICA_URL: '', DB_CONNECT_TIMEOUT_MS: '1000' }

describe('the primary database unreachable, in-process mode', () => {
  let bot: TestBot
  beforeAll(async () => {
    bot = await startTestBot({ db, env: { ...outageEnv, DATABASE_REPLICA_URL: cluster.replicaUrl } })
    await bot.answer('new OUT Outage part')
    await bot.answer('receive OUT 5')
    await cluster.caughtUp()
    await proxy.set({ kind: 'refuse' })
  })
  afterAll(async () => {
    await proxy.set({ kind: 'pass' })
    await bot.stop()
  })

  it('answers reads from the streaming replica, labelled as possibly stale', async () => {
    const reply = await bot.answer('stock OUT')
    expect(reply.text).toMatch(/^OUT Outage part: 5 on hand, 5 available/)
    expect(JSON.stringify(reply.blocks)).toContain(STALE_NOTE)
  })

  it('fails a change fast and plainly, changing nothing', async () => {
    const reply = await bot.answer('receive OUT 1')
    expect(reply.text).toContain('temporarily unavailable, nothing was changed')
    await proxy.set({ kind: 'pass' })
    expect((await bot.answer('stock OUT')).text).toMatch(/^OUT Outage part: 5 on hand/)
  })

  it('reports not ready while the database is unreachable', async () => {
    await proxy.set({ kind: 'refuse' })
    const ready = await fetch(bot.url.replace('/slack/events', '/readyz'))
    expect(ready.status).toBe(503)
    await proxy.set({ kind: 'pass' })
  })
})

describe('the primary database unreachable, queue mode', () => {
  const prefix = uniquePrefix('dbdown')
  let bot: TestBot
  let worker: RunningWorker
  beforeAll(async () => {
    bot = await startTestBot({
      db,
      env: queueEnv(prefix, { ...outageEnv, DATABASE_REPLICA_URL: cluster.replicaUrl }),
    })
    worker = await startTestWorker({ db, slack: bot.slack, env: queueEnv(prefix, outageEnv) })
  })
  afterAll(async () => {
    await proxy.set({ kind: 'pass' })
    await worker.stop()
    await bot.stop()
    await deleteQueues(prefix)
  })

  it('accepts a form submitted while the primary is down, and applies it when it returns', async () => {
    await bot.click(ACTIONS.stockReceive, 'OUT')
    const [opened] = await bot.slack.waitFor({ kind: 'api', name: 'views.open' })
    const view = opened?.body.view as { private_metadata: string }
    await proxy.set({ kind: 'refuse' })
    const submitted = await bot.interact(
      buildViewSubmission({
        callbackId: VIEWS.movement,
        privateMetadata: view.private_metadata,
        values: {
          location: { selected: 'main' },
          quantity: { value: '1' },
          note: { value: 'during the outage' },
        },
      }),
    )
    expect(submitted.status).toBe(200)
    expect(submitted.body).toBe('')
    await proxy.set({ kind: 'pass' })
    const posted = await eventually(
      () =>
        bot.slack
          .calls({ kind: 'api', name: 'chat.postMessage' })
          .find((c) => String(c.body.text).includes('during the outage')),
      20_000,
    )
    expect(String(posted.body.text)).toContain('received 1 OUT')
  }, 40_000)

  it('keeps acknowledging changes, which wait in the queue and apply once the primary returns', async () => {
    await proxy.set({ kind: 'refuse' })
    const replies = await Promise.all([bot.command('receive OUT 2'), bot.command('receive OUT 3')])
    for (const reply of replies) {
      expect(reply.ack.text).toBe(WORKING_ON_IT)
      expect(reply.elapsedMs).toBeLessThan(3_000)
    }
    const ready = await fetch(bot.url.replace('/slack/events', '/readyz'))
    expect(ready.status).toBe(200) // it still accepts work: the broker takes it
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(
      bot.slack.calls({ kind: 'response' }).filter((c) => replies.some((r) => r.responseId === c.name)),
    ).toEqual([])
    await proxy.set({ kind: 'pass' })
    const answers = await Promise.all(
      replies.map((r) => bot.slack.waitFor({ kind: 'response', name: r.responseId }, 1, 20_000)),
    )
    expect(answers.map(([a]) => String(a?.body.text)).join(' ')).toMatch(/now 11 on hand at main/)
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM movements WHERE note IS NULL AND quantity IN (2, 3)',
    )
    expect(rows[0].n).toBe(2)
  }, 40_000)
})
