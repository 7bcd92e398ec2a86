import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { runNode, type Spawned } from '../helpers/processes.js'
import { deleteQueues, queueDepths, queueEnv, uniquePrefix } from '../helpers/queue.js'
import { TEST_SIGNING_SECRET } from '../helpers/signed.js'

const prefix = uniquePrefix('kill9')
const COMMANDS = 300
let bot: TestBot
const workers: Spawned[] = []

beforeAll(async () => {
  bot = await startTestBot({ env: queueEnv(prefix) })
  startWorkerProcess()
  await bot.answer('new KILL Crash-tested part')
})
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL')
  await bot.stop()
  await deleteQueues(prefix)
})

function startWorkerProcess(): Spawned {
  const worker = runNode('dist/worker.js', [], {
    ...queueEnv(prefix),
    DATABASE_URL: bot.db.url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: bot.slack.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'info',
    WORKER_PREFETCH: '5',
  })
  workers.push(worker)
  return worker
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('workers killed with SIGKILL at random points', () => {
  it('applies every acknowledged command exactly once', async () => {
    let current = workers[0] as Spawned
    let sending = true
    let kills = 0
    let killsMidStream = 0
    const killer = (async () => {
      while (sending || kills < 15) {
        await sleep(150 + Math.random() * 350)
        if (((await queueDepths(prefix)).commands ?? 0) > 0) killsMidStream += 1
        current.child.kill('SIGKILL')
        await current.exited
        kills += 1
        current = startWorkerProcess()
      }
    })()

    const acked: string[] = []
    for (let batch = 0; batch < COMMANDS / 10; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const trigger = `kill9.${batch}.${i}`
          return bot.command('receive KILL 1', { trigger_id: trigger }).then((reply) => ({ reply, trigger }))
        }),
      )
      for (const { reply, trigger } of replies)
        if (reply.status === 200 && reply.ack.text === WORKING_ON_IT) acked.push(`cmd:${trigger}`)
      await sleep(100)
    }
    sending = false
    await killer
    expect(kills).toBeGreaterThanOrEqual(15)
    // Most kills land while jobs wait in the queue, so some are killed holding unacked jobs.
    expect(killsMidStream).toBeGreaterThanOrEqual(5)
    expect(acked).toHaveLength(COMMANDS)

    let applied: string[] = []
    for (let i = 0; i < 600; i++) {
      applied = (
        await bot.db.pool.query<{ request_key: string }>(
          "SELECT request_key FROM movements WHERE request_key LIKE 'cmd:kill9.%'",
        )
      ).rows.map((r) => r.request_key)
      if (applied.length >= acked.length) break
      await sleep(100)
    }
    expect(applied.sort()).toEqual([...acked].sort())
    const { rows } = await bot.db.pool.query(
      "SELECT count(*)::int AS n FROM requests WHERE request_key LIKE 'cmd:kill9.%' AND outcome IS NOT NULL",
    )
    expect(rows[0].n).toBe(COMMANDS)
    expect((await bot.answer('stock KILL')).text).toMatch(
      new RegExp(`^KILL Crash-tested part: ${COMMANDS} on hand`),
    )
    await expectLedgerBalanced(bot.db.pool)
  }, 120_000)
})

describe('a worker told to stop (SIGTERM)', () => {
  it('finishes the job in hand, closes cleanly well inside 30 s, and loses nothing', async () => {
    const worker = startWorkerProcess()
    await waitForLog(worker, 'worker consuming')
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => bot.command('receive KILL 1', { trigger_id: `term.${i}` })),
    )
    const started = Date.now()
    worker.child.kill('SIGTERM')
    expect(await worker.exited).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(worker.output()).not.toMatch(/"level":50/)
    const successor = startWorkerProcess()
    for (const reply of replies)
      await bot.slack.waitFor({ kind: 'response', name: reply.responseId }, 1, 30_000)
    const { rows } = await bot.db.pool.query(
      "SELECT count(*)::int AS n FROM movements WHERE request_key LIKE 'cmd:term.%'",
    )
    expect(rows[0].n).toBe(40)
    // Even while starting up, SIGTERM means a clean stop.
    const late = startWorkerProcess()
    await waitForLog(late, 'connecting to PostgreSQL')
    late.child.kill('SIGTERM')
    expect(await late.exited).toBe(0)
    // Under load the successor may still be loading its modules: a signal before its handler exists would kill it.
    await waitForLog(successor, 'connecting to PostgreSQL')
    successor.child.kill('SIGTERM')
    expect(await successor.exited).toBe(0)
  }, 60_000)
})

async function waitForLog(process: Spawned, text: string): Promise<void> {
  for (let i = 0; i < 200 && !process.output().includes(text); i++) await sleep(50)
  expect(process.output()).toContain(text)
}
