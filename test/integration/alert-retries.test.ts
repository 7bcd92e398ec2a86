import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertRetryPolicy } from '../../src/slack/alert-posts.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { eventually } from '../helpers/eventually.js'
import { captureLogs } from '../helpers/logs.js'
import { type RecordedCall, type SlackStandIn, startSlackStandIn } from '../helpers/slack.js'

/** Quick, so that a test sees several retries; the shape (doubling, a cap, giving up) is the bot's own. */
const POLICY: AlertRetryPolicy = { checkEveryMs: 25, firstDelayMs: 100, maxDelayMs: 400, maxAttempts: 4 }
const CHANNEL = 'CALERT'

let slack: SlackStandIn
let db: TestDatabase
let first: TestBot
let second: TestBot
const logs = captureLogs()
/** Alert posts Slack is to refuse next, per SKU; and the posts it let through. */
const refusals = new Map<string, number>()
const delivered: RecordedCall[] = []
/** Alert posts Slack holds unanswered, per SKU, and the SKUs it ever held two posts of at once. */
const inFlight = new Map<string, number>()
const overlapped = new Set<string>()
/** How long Slack takes to answer an alert post of some SKUs (the others: two ticks). */
const slow = new Map<string, number>()

beforeAll(async () => {
  slack = await startSlackStandIn()
  db = await createTestDatabase()
  // Two bots on one database: both run the retry timer.
  const options = { slack, db, logs, env: { LOG_LEVEL: 'warn' }, alertRetries: POLICY }
  first = await startTestBot(options)
  second = await startTestBot(options)
  slack.handle('chat.postMessage', (call) => {
    const sku = alertSku(call)
    if (!sku) return {}
    // Slack takes two ticks to answer an alert post, so the other bot's timer runs while one posts.
    const delayMs = slow.get(sku) ?? 2 * POLICY.checkEveryMs
    const holding = (inFlight.get(sku) ?? 0) + 1
    if (holding > 1) overlapped.add(sku)
    inFlight.set(sku, holding)
    setTimeout(() => inFlight.set(sku, (inFlight.get(sku) ?? 1) - 1), delayMs)
    const left = refusals.get(sku) ?? 0
    if (left > 0) {
      refusals.set(sku, left - 1)
      // A failure the Web API client does not retry by itself: each refusal is one failed post.
      return { body: { ok: false, error: 'internal_error' }, delayMs }
    }
    delivered.push(call)
    return { delayMs }
  })
  await first.answer(`alerts <#${CHANNEL}|alerts>`)
}, 60_000)
afterAll(async () => {
  await first?.stop()
  await second?.stop()
  await slack?.close()
  await db?.drop()
})

/** The SKU of a low-stock alert posted to the alert channel (its buttons carry it). */
function alertSku(call: RecordedCall): string | undefined {
  if (call.body.channel !== CHANNEL || !String(call.body.text).includes('Low stock')) return undefined
  return JSON.stringify(call.body.blocks).match(/"value":"([A-Z0-9-]+)"/)?.[1]
}
const attempts = (sku: string) =>
  slack.calls({ kind: 'api', name: 'chat.postMessage' }).filter((c) => alertSku(c) === sku).length
const deliveries = (sku: string) => delivered.filter((c) => alertSku(c) === sku)

async function alertRow(sku: string) {
  const { rows } = await db.pool.query<{
    state: string
    message_ts: string | null
    post_attempts: number
    next_post_at: Date | null
    post_given_up_at: Date | null
  }>(
    `SELECT a.state, a.message_ts, a.post_attempts, a.next_post_at, a.post_given_up_at
     FROM item_alerts a JOIN items i ON i.id = a.item_id WHERE i.sku = $1`,
    [sku],
  )
  return rows[0]
}

/** A new item at 6 on hand, reorder point 5, whose alert Slack refuses `refused` times first. */
async function lowItem(bot: TestBot, sku: string, refused: number) {
  await bot.answer(`new ${sku} Part ${sku.toLowerCase()} min 5`)
  await bot.answer(`receive ${sku} 6`)
  refusals.set(sku, refused)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('retrying low-stock alerts whose post failed', () => {
  it('posts the alert on a timer, with no further change to the item, exactly once', async () => {
    await lowItem(first, 'LATE', 3)
    await first.answer('issue LATE 2')
    const posted = await eventually(async () => (await alertRow('LATE'))?.message_ts)
    expect(posted).not.toBe('not-posted')
    await Promise.all([first.settled(), second.settled()])
    await sleep(20 * POLICY.checkEveryMs)
    expect(deliveries('LATE')).toHaveLength(1)
    expect(attempts('LATE')).toBe(4)
    expect(String(deliveries('LATE')[0]?.body.text)).toContain(
      'LATE Part late is at 4 on hand, reorder point 5',
    )
    expect(await alertRow('LATE')).toMatchObject({ post_attempts: 3, next_post_at: null })
    const failures = logs
      .lines()
      .filter(
        (l) => l.sku === 'LATE' && l.msg === 'a low-stock alert could not be posted; trying again later',
      )
    expect(failures.map((l) => l.failures)).toEqual([1, 2, 3])
  })

  it('never posts one alert twice when two bots retry many at once', async () => {
    const skus = ['MANY-1', 'MANY-2', 'MANY-3', 'MANY-4', 'MANY-5', 'MANY-6']
    for (const [i, sku] of skus.entries()) await lowItem(i % 2 ? second : first, sku, 2)
    await Promise.all(skus.map((sku, i) => (i % 2 ? first : second).answer(`issue ${sku} 1`)))
    for (const sku of skus) await eventually(async () => (await alertRow(sku))?.message_ts)
    await Promise.all([first.settled(), second.settled()])
    await sleep(20 * POLICY.checkEveryMs)
    expect([...overlapped]).toEqual([])
    for (const sku of skus) {
      expect(deliveries(sku), sku).toHaveLength(1)
      expect(attempts(sku), sku).toBe(3)
    }
  })

  it('does not post a crossing late once the item is back above its reorder point', async () => {
    await lowItem(first, 'GONE', 100)
    slow.set('GONE', 20 * POLICY.checkEveryMs)
    await first.answer('issue GONE 2')
    // While Slack holds the first post (the claim keeps the timers off it), the item is restocked.
    await eventually(() => inFlight.get('GONE') === 1)
    await first.answer('receive GONE 10')
    await eventually(() => inFlight.get('GONE') === 0)
    // Its failure was recorded for the crossing it belonged to, which is gone: nothing is due.
    expect(await alertRow('GONE')).toMatchObject({ state: 'clear', next_post_at: null, post_attempts: 0 })
    // An alert that fails twice from now is posted after this one's retry would have been due.
    await lowItem(first, 'AFTER', 2)
    await first.answer('issue AFTER 2')
    await eventually(() => deliveries('AFTER').length === 1)
    expect(attempts('GONE')).toBe(1)
    refusals.delete('GONE')
  })

  it('gives up after its last attempt and says so; the item’s next change still posts it, once', async () => {
    await lowItem(second, 'DOWN', POLICY.maxAttempts)
    await second.answer('issue DOWN 2')
    const given = await eventually(async () => (await alertRow('DOWN'))?.post_given_up_at)
    expect(given).toBeInstanceOf(Date)
    expect(await alertRow('DOWN')).toMatchObject({ post_attempts: POLICY.maxAttempts, next_post_at: null })
    expect(attempts('DOWN')).toBe(POLICY.maxAttempts)
    const gaveUp = logs.lines().find((l) => l.sku === 'DOWN' && l.level === 50)
    expect(gaveUp?.msg).toBe('gave up posting a low-stock alert; the item’s next change tries again')
    expect(deliveries('DOWN')).toHaveLength(0)
    const metrics = await (await fetch(`${second.baseUrl}/metrics`)).text()
    expect(metrics).toMatch(/inventory_alert_posts_total\{outcome="gave_up"\} [1-9]/)
    await first.answer('issue DOWN 1')
    await eventually(() => deliveries('DOWN').length === 1)
    expect(String(deliveries('DOWN')[0]?.body.text)).toContain('is at 3 on hand')
    await Promise.all([first.settled(), second.settled()])
    await sleep(20 * POLICY.checkEveryMs)
    expect(deliveries('DOWN')).toHaveLength(1)
  })
})
