import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { asSocketEnvelope, type HostileRequest, hostileRequests, type KnownIds } from '../helpers/fuzz.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { captureLogs, type LogCapture } from '../helpers/logs.js'
import { buildViewSubmission } from '../helpers/payloads.js'
import { postSigned } from '../helpers/signed.js'

/** Fixed, so a failure names an input that can be replayed: `FUZZ_SEED=… npx vitest run test/integration/fuzz.test.ts`. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203)
const INPUTS = 10_000
/** Socket Mode's door: the same generator, fewer inputs (the checks before Bolt are shared with HTTP's). */
const SOCKET_INPUTS = 5_000
const CONCURRENCY = 8
const SLACK_ACK_MS = 3_000

/** What no forged input from a non-admin may change: other people's movements, pending changes, approvals, another workspace. */
async function protectedState(bot: TestBot) {
  const query = async (sql: string) => (await bot.db.pool.query(sql)).rows
  return {
    undoneOfOwner: await query(
      `SELECT count(*)::int AS n FROM movements u JOIN movements o ON u.undo_of = o.id WHERE o.actor = 'U0001'`,
    ),
    pendingOfOwner: await query(`SELECT id, status FROM pending_changes WHERE user_id = 'U0001' ORDER BY id`),
    // New requests are anyone's to make; deciding one is for admins.
    decidedRequests: await query(`SELECT number FROM reorder_requests WHERE status <> 'pending'`),
    otherWorkspace: await query(
      `SELECT i.sku, i.name, i.archived_at, s.on_hand, s.reserved,
              (SELECT count(*)::int FROM movements m WHERE m.team_id = 'T0002') AS movements
       FROM items i JOIN stock_levels s ON s.item_id = i.id WHERE i.team_id = 'T0002' ORDER BY i.sku`,
    ),
  }
}

/** The workspace under attack: items, locations, stock, a reservation, a pending change, a request, another workspace. */
async function setUp(bot: TestBot): Promise<KnownIds> {
  await bot.answer('new WIDGET Blue widget min 5')
  await bot.answer('new BOLT Bolt')
  await bot.answer('location new shelf')
  await bot.answer('receive WIDGET 500')
  await bot.answer('receive BOLT 50 at shelf')
  await bot.answer('reserve WIDGET 5 for job 1')
  const prompt = await bot.answer('issue WIDGET 150')
  const pending = JSON.stringify(prompt).match(/"value":"([0-9a-f-]{36})"/)?.[1] as string
  expect(pending).toBeDefined()
  await bot.interact(
    buildViewSubmission({
      callbackId: VIEWS.reorder,
      privateMetadata: JSON.stringify({ sku: 'BOLT', channelId: 'C0001' }),
      values: { quantity: { value: '20' } },
    }),
  )
  await bot.answer('new OTHER Other workspace part', { team_id: 'T0002' })
  await bot.answer('receive OTHER 7', { team_id: 'T0002' })
  return {
    team: 'T0001',
    skus: ['WIDGET', 'BOLT', 'NOPE'],
    locations: ['main', 'shelf', 'nowhere'],
    movements: [1, 2, 3, 999],
    reservations: [1, 2],
    requests: [1, 2],
    pending: [pending, '00000000-0000-0000-0000-000000000000'],
    responseUrl: bot.slack.responseUrl('fuzz'),
  }
}

type Door = (input: HostileRequest) => Promise<{ status: number; elapsedMs: number }>

/** Sends `count` inputs through `door`, eight at a time, and checks what they may and may not have done. */
async function attack(bot: TestBot, logs: LogCapture, ids: KnownIds, count: number, door: Door) {
  const before = await protectedState(bot)
  const inputs = fc.sample(hostileRequests(ids), { seed: SEED, numRuns: count })
  const failures: string[] = []
  let next = 0
  const send = async (input: HostileRequest, index: number) => {
    const reply = await door(input).catch((error: Error) => ({ status: 0, elapsedMs: Number.NaN, error }))
    if (reply.status >= 500 || reply.status === 0 || !(reply.elapsedMs < SLACK_ACK_MS))
      failures.push(`#${index} ${input.label} → ${reply.status} in ${Math.round(reply.elapsedMs)} ms`)
  }
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < inputs.length; index = next++)
        await send(inputs[index] as HostileRequest, index)
    }),
  )
  expect(failures.slice(0, 10), `seed ${SEED}`).toEqual([])

  // Nothing a forger may not do happened; the ledger still adds up.
  expect(await protectedState(bot)).toEqual(before)
  await expectLedgerBalanced(bot.db.pool)
  // Hostile input is bad input, not a failure of the bot: nothing was logged as an error.
  const errors = logs.lines().filter((line) => Number(line.level) >= 50)
  expect(errors.map((e) => `${e.msg} ${JSON.stringify(e.err ?? '').slice(0, 300)}`).slice(0, 5)).toEqual([])

  // Healthy afterwards: ready, and serving real commands.
  const ready = await fetch(bot.url.replace('/slack/events', '/readyz'))
  expect(ready.status).toBe(200)
  expect((await bot.answer('receive BOLT 1 at shelf')).text).toMatch(/^#\d+ <@U0001> received 1 BOLT/)
  const click = await bot.click(ACTIONS.stockHistory, 'BOLT')
  expect(click.status).toBe(200)
}

describe(`${INPUTS} hostile inputs at every door`, () => {
  let bot: TestBot
  let logs: LogCapture
  let ids: KnownIds
  beforeAll(async () => {
    logs = captureLogs()
    bot = await startTestBot({ env: { LOG_LEVEL: 'warn' }, logs })
    ids = await setUp(bot)
  }, 60_000)
  afterAll(() => bot.stop())

  it('answer each with a 2xx or 4xx within Slack’s 3 s, change nothing they may not, and leave the bot healthy', async () => {
    await attack(bot, logs, ids, INPUTS, (input) =>
      postSigned(bot.url, input.body, { contentType: input.contentType, timeoutMs: 10_000 }),
    )
  }, 240_000)
})

describe(`${SOCKET_INPUTS} hostile envelopes over Socket Mode`, () => {
  let bot: TestBot
  let logs: LogCapture
  let ids: KnownIds
  beforeAll(async () => {
    logs = captureLogs()
    bot = await startTestBot({ transport: 'socket', env: { LOG_LEVEL: 'warn' }, logs })
    ids = await setUp(bot)
  }, 60_000)
  afterAll(() => bot.stop())

  it('are each acked once within Slack’s 3 s, change nothing they may not, and leave the bot healthy', async () => {
    const socket = bot.socket as NonNullable<typeof bot.socket>
    await attack(bot, logs, ids, SOCKET_INPUTS, async (input) => {
      const envelope = asSocketEnvelope(input)
      const started = performance.now()
      if ('raw' in envelope) await socket.raw(envelope.raw)
      else await socket.send(envelope.type, envelope.payload, { timeoutMs: 10_000 })
      return { status: 200, elapsedMs: performance.now() - started }
    })
    expect(socket.problems().slice(0, 10)).toEqual([])
    expect(socket.open()).toHaveLength(1)
  }, 240_000)
})
