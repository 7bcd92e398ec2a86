import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { type Balancer, startBalancer } from '../helpers/balancer.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { eventually } from '../helpers/eventually.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { buildSlashCommand } from '../helpers/payloads.js'
import { freePort, runNode, type Spawned, waitForReady } from '../helpers/processes.js'
import { deleteQueues, queueEnv, uniquePrefix } from '../helpers/queue.js'
import { form, postSigned, TEST_SIGNING_SECRET } from '../helpers/signed.js'
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js'

const prefix = uniquePrefix('scaled')
const COMMANDS = 200
let db: TestDatabase
let slack: SlackStandIn
let balancer: Balancer
const bots: { process: Spawned; port: number; alive: boolean }[] = []
const workers: Spawned[] = []

async function start(script: string) {
  const port = await freePort()
  const process = runNode(script, [], {
    ...queueEnv(prefix),
    DATABASE_URL: db.url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  })
  await waitForReady(`http://127.0.0.1:${port}/readyz`)
  return { process, port }
}

beforeAll(async () => {
  db = await createTestDatabase()
  slack = await startSlackStandIn()
  // Three identical bots and two workers from the built output, behind one balancer: `--scale bot=3 --scale worker=2`.
  for (let i = 0; i < 3; i++) bots.push({ ...(await start('dist/main.js')), alive: true })
  for (let i = 0; i < 2; i++) workers.push((await start('dist/worker.js')).process)
  balancer = await startBalancer(() => bots.filter((b) => b.alive).map((b) => b.port))
}, 120_000)
afterAll(async () => {
  for (const p of [...bots.map((b) => b.process), ...workers])
    if (p.child.exitCode === null) p.child.kill('SIGKILL')
  await balancer.close()
  await slack.close()
  await db.drop()
  await deleteQueues(prefix)
})

const send = (text: string, trigger: string) =>
  postSigned(
    `${balancer.url}/slack/events`,
    form(buildSlashCommand({ text, trigger_id: trigger, response_url: slack.responseUrl(trigger) })),
  )

describe('N bots and M workers behind a load balancer', () => {
  it('applies every acknowledged command exactly once while a bot and a worker are killed mid-stream', async () => {
    await send('new SCALE Scaled part', 'setup')
    await slack.waitFor({ kind: 'response', name: 'setup' })
    const acked: string[] = []
    const pending: Promise<void>[] = []
    for (let i = 0; i < COMMANDS; i++) {
      if (i === 60) {
        const victim = bots[1] as (typeof bots)[number]
        victim.process.child.kill('SIGKILL') // the balancer still sends to it until it notices
        setTimeout(() => (victim.alive = false), 200)
      }
      if (i === 120) workers[0]?.child.kill('SIGKILL')
      const trigger = `scale.${i}`
      pending.push(
        send('receive SCALE 1', trigger).then(
          (reply) => {
            if (reply.status === 200 && reply.json?.text === WORKING_ON_IT) acked.push(`cmd:${trigger}`)
          },
          () => undefined,
        ),
      )
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
    await Promise.all(pending)
    expect(acked.length).toBeGreaterThan(COMMANDS * 0.9)

    const applied = await eventually(async () => {
      const { rows } = await db.pool.query<{ request_key: string }>(
        "SELECT request_key FROM movements WHERE request_key LIKE 'cmd:scale.%'",
      )
      return rows.length >= acked.length ? rows.map((r) => r.request_key) : undefined
    }, 60_000)
    expect(new Set(applied).size).toBe(applied.length)
    expect(acked.every((key) => applied.includes(key))).toBe(true)
    const { rows } = await db.pool.query(
      "SELECT sum(on_hand)::int AS n FROM stock_levels s JOIN items i ON i.id = s.item_id WHERE i.sku = 'SCALE'",
    )
    expect(rows[0].n).toBe(applied.length)
    await expectLedgerBalanced(db.pool)
  }, 180_000)
})
