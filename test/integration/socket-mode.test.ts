import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { SOCKET_MODE_SLOTS, type SocketSlot, takeSocketSlot } from '../../src/db/socket-slots.js'
import { createLogger } from '../../src/logger.js'
import { ACTIONS } from '../../src/slack/blocks/index.js'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { startBot } from '../../src/start-bot.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { createTestDatabase } from '../helpers/database.js'
import { eventually } from '../helpers/eventually.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { captureLogs } from '../helpers/logs.js'
import { buildEvent, buildSlashCommand } from '../helpers/payloads.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'
import { startSlackStandIn } from '../helpers/slack.js'
import { type EnvelopeType, startSocketModeStandIn, TEST_APP_TOKEN } from '../helpers/socket-mode.js'

const readiness = async (bot: TestBot) => {
  const response = await fetch(bot.url.replace('/slack/events', '/readyz'))
  return {
    code: response.status,
    checks: ((await response.json()) as { checks: Record<string, boolean> }).checks,
  }
}
const onHand = async (bot: TestBot, sku: string) => {
  const { rows } = await bot.db.pool.query(
    'SELECT coalesce(sum(s.on_hand), 0)::int AS n FROM stock_levels s JOIN items i ON i.id = s.item_id WHERE i.sku = $1',
    [sku],
  )
  return rows[0].n as number
}
const movementsOf = async (bot: TestBot, sku: string) => {
  const { rows } = await bot.db.pool.query(
    'SELECT count(*)::int AS n FROM movements m JOIN movement_lines l ON l.movement_id = m.id JOIN items i ON i.id = l.item_id WHERE i.sku = $1',
    [sku],
  )
  return rows[0].n as number
}
const homeOpened = (user: string) =>
  buildEvent({ event: { type: 'app_home_opened', user, channel: 'D0001', tab: 'home' } })
/** The App Homes published for users whose id starts with `prefix`, once no more arrive for 300 ms. */
async function homesPublished(bot: TestBot, prefix: string, atLeast: number) {
  const homes = () =>
    bot.slack
      .calls({ kind: 'api', name: 'views.publish' })
      .filter((c) => String(c.body.user_id).startsWith(prefix))
  await eventually(() => homes().length >= atLeast)
  await new Promise((resolve) => setTimeout(resolve, 300))
  return homes()
}

describe('one bot over Socket Mode', () => {
  let bot: TestBot
  beforeAll(async () => {
    bot = await startTestBot({ transport: 'socket' })
    await bot.answer('new WIDGET Blue widget')
  })
  afterAll(async () => {
    await expectLedgerBalanced(bot.db.pool)
    await bot.stop()
  })

  it('opens its connection with the app-level token, and serves no request URL', async () => {
    const [open] = bot.slack.calls({ kind: 'api', name: 'apps.connections.open' })
    expect(open?.token).toBe(TEST_APP_TOKEN)
    expect(bot.socket?.open()).toHaveLength(1)
    expect((await fetch(bot.url, { method: 'POST', body: '{}' })).status).toBe(404)
    expect(await readiness(bot)).toMatchObject({ code: 200, checks: { socket: true } })
  })

  it('acks every envelope once, within 3 s, with the answer a slash command shows', async () => {
    const reply = await bot.command('receive WIDGET 5 at main')
    expect(reply.ack.response_type).toBe('in_channel')
    expect(reply.ack.text).toMatch(/received 5 WIDGET .* now 5 on hand at main/)
    const click = await bot.click(ACTIONS.stockHistory, 'WIDGET')
    expect(click.body).toBe('')
    await bot.slack.waitFor({ kind: 'response', name: click.responseId })
    expect(bot.socket?.problems()).toEqual([])
  })

  it('acks a payload that is not Slack’s, empty, and changes nothing', async () => {
    const before = await onHand(bot, 'WIDGET')
    const socket = bot.socket as NonNullable<typeof bot.socket>
    const garbage: [EnvelopeType, unknown][] = [
      ['events_api', { event: null }],
      ['events_api', { type: 'event_callback', event: { type: 'close' } }],
      ['close' as EnvelopeType, { team_id: 'T0001' }],
      ['interactive', { type: 'block_actions', user: 'not-an-object', actions: [] }],
      ['slash_commands', { ...buildSlashCommand({ text: 'receive WIDGET 1' }), team_id: 'constructor' }],
      ['slash_commands', buildSlashCommand({ text: 'receive WIDGET 1 \u0000' })],
      ['interactive', null],
    ]
    for (const [type, payload] of garbage) {
      const envelope = await socket.send(type, payload as Record<string, unknown>)
      expect(envelope.ack, JSON.stringify(payload)).toEqual({})
    }
    expect(await onHand(bot, 'WIDGET')).toBe(before)
    expect((await bot.answer('stock WIDGET')).text).toMatch(/^WIDGET Blue widget: 5 on hand/)
    expect(socket.problems()).toEqual([])
  })

  it('handles an event Slack sends again (retry_attempt) once', async () => {
    const event = homeOpened('UHOME')
    await bot.event(event)
    await bot.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'timeout' })
    expect(await homesPublished(bot, 'UHOME', 1)).toHaveLength(1)
  })

  it('loses and doubles nothing when Slack asks for a new connection mid-stream', async () => {
    const socket = bot.socket as NonNullable<typeof bot.socket>
    const [first] = socket.open()
    const before = await movementsOf(bot, 'WIDGET')
    const sent: Promise<unknown>[] = []
    const received: Promise<unknown>[] = []
    for (let i = 0; i < 30; i += 1) {
      // A stream this fast can outrun the bound on changes in flight: one answered "busy" is sent again.
      received.push(bot.answerPastBusy('receive WIDGET 1'))
      sent.push(bot.event(homeOpened(`USTREAM${i}`)))
      // Envelopes are in flight on the old connection when Slack sends `disconnect`.
      if (i === 10) socket.disconnect({ reason: 'refresh_requested' })
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const acks = (await Promise.all(sent)) as { status: number }[]
    expect(acks.every((a) => a.status === 200)).toBe(true)
    await Promise.all(received)
    const published = await homesPublished(bot, 'USTREAM', 30)
    expect(socket.problems()).toEqual([])
    // The new connection was open before the old one closed.
    const [old, replacement] = socket.connections().filter((c) => c.id >= (first as number))
    expect(replacement?.openedAt).toBeLessThanOrEqual(old?.closedAt as number)
    await eventually(() => socket.open().length === 1 && !socket.open().includes(first as number))
    expect(await movementsOf(bot, 'WIDGET')).toBe(before + 30)
    expect(await onHand(bot, 'WIDGET')).toBe(35)
    expect(new Set(published.map((c) => c.body.user_id)).size).toBe(30)
    expect(published).toHaveLength(30)
  })

  it('reconnects after the connection is cut; events it had not acked come again and apply once', async () => {
    const socket = bot.socket as NonNullable<typeof bot.socket>
    const events = Array.from({ length: 10 }, (_, i) => bot.event(homeOpened(`UCUT${i}`)))
    socket.drop()
    await Promise.all(events)
    await eventually(() => socket.open().length === 1)
    expect((await bot.answer('receive WIDGET 2')).text).toMatch(/now 37 on hand/)
    expect(await homesPublished(bot, 'UCUT', 10)).toHaveLength(10)
    const again = socket
      .envelopes()
      .filter((e) => e.retryAttempt > 0 && JSON.stringify(e.payload).includes('UCUT'))
    expect(again.length).toBeGreaterThan(0)
  })
})

describe('Socket Mode in queue mode', () => {
  const prefix = uniquePrefix('socket')
  let bot: TestBot
  afterAll(async () => {
    await bot?.stop()
    await deleteQueues(prefix)
  })

  it('acks a change once it is queued; a worker applies it and answers on the response_url', async () => {
    bot = await startTestBot({ transport: 'socket', env: queueEnv(prefix) })
    const worker = await startTestWorker({ db: bot.db, slack: bot.slack, env: queueEnv(prefix) })
    try {
      await bot.answer('new QPART Queued part')
      const reply = await bot.command('receive QPART 3')
      expect(reply.ack.text).toBe(WORKING_ON_IT)
      const [answer] = await bot.slack.waitFor({ kind: 'response', name: reply.responseId })
      expect(String(answer?.body.text)).toMatch(/now 3 on hand at main/)
      expect(bot.socket?.problems()).toEqual([])
    } finally {
      await worker.stop()
    }
  })
})

describe('Slack’s limit of 10 connections per app', () => {
  it('an 11th bot stands by, not ready, and takes the first slot freed', async () => {
    const db = await createTestDatabase()
    const logger = createLogger('silent')
    // Ten other bots' slots: sessions of their own, as each bot's would be.
    const others = new pg.Pool({ connectionString: db.url, max: SOCKET_MODE_SLOTS + 1 })
    const held: SocketSlot[] = []
    for (let i = 0; i < SOCKET_MODE_SLOTS; i += 1)
      held.push((await takeSocketSlot(others, logger)) as SocketSlot)
    expect(await takeSocketSlot(others, logger)).toBeUndefined()
    const logs = captureLogs()
    const bot = await startTestBot({ transport: 'socket', db, logs, env: { LOG_LEVEL: 'info' } })
    try {
      expect(bot.slack.calls({ kind: 'api', name: 'apps.connections.open' })).toHaveLength(0)
      expect(await readiness(bot)).toMatchObject({ code: 503, checks: { socket: false } })
      expect(logs.text()).toContain('standing by')
      await held.pop()?.release()
      await eventually(() => bot.socket?.open().length === 1, 15_000)
      expect(await readiness(bot)).toMatchObject({ code: 200, checks: { socket: true } })
      expect((await bot.answer('help')).text).toContain('/inventory')
    } finally {
      await bot.stop()
      for (const slot of held) await slot.release()
      await others.end()
      await db.drop()
    }
  })

  it('keeps its connection when the session holding its slot breaks, and takes the slot back', async () => {
    const bot = await startTestBot({ transport: 'socket' })
    try {
      const slotHolder = async () => {
        const { rows } = await bot.db.pool.query(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
             AND (classid::bigint << 32) + objid::bigint = 7349110100`,
        )
        return rows[0]?.pid as number | undefined
      }
      const first = await slotHolder()
      expect(first).toBeDefined()
      const opens = bot.slack.calls({ kind: 'api', name: 'apps.connections.open' }).length
      await bot.db.pool.query('SELECT pg_terminate_backend($1)', [first])
      const second = await eventually(async () => {
        const pid = await slotHolder()
        return pid !== first ? pid : undefined
      }, 15_000)
      expect(second).not.toBe(first)
      expect(bot.socket?.open()).toHaveLength(1)
      expect(bot.slack.calls({ kind: 'api', name: 'apps.connections.open' })).toHaveLength(opens)
      expect((await bot.answer('help')).text).toContain('/inventory')
    } finally {
      await bot.stop()
    }
  })

  it('a bot Slack refuses (too_many_websockets) says so and connects once a connection closes', async () => {
    const slack = await startSlackStandIn()
    const socket = await startSocketModeStandIn(slack, { maxConnections: 1 })
    // Another deployment of the same app (its own database, so its own slots) holds the only connection.
    const other = await startTestBot({ slack, socket })
    const logs = captureLogs()
    const bot = await startTestBot({ slack, socket, logs, env: { LOG_LEVEL: 'info' } })
    try {
      expect(await readiness(bot)).toMatchObject({ code: 503, checks: { socket: false } })
      await eventually(() => logs.text().includes('Slack refused a Socket Mode connection'))
      await other.stop()
      // It tries again with backoff, at most RETRY_CAP_MS (10 s) apart.
      await eventually(() => socket.open().length === 1, 30_000)
      expect(await readiness(bot)).toMatchObject({ code: 200 })
      expect((await bot.answer('help')).text).toContain('/inventory')
    } finally {
      await bot.stop()
      await socket.close()
      await slack.close()
    }
  }, 60_000)

  it('when the replacement is refused, closes the old connection first, then connects', async () => {
    const slack = await startSlackStandIn()
    const socket = await startSocketModeStandIn(slack, { maxConnections: 1 })
    const bot = await startTestBot({ slack, socket })
    try {
      await bot.answer('new SWAP Swapped part')
      const [first] = socket.open()
      socket.disconnect({ reason: 'warning' })
      await eventually(() => socket.open().length === 1 && socket.open()[0] !== first, 15_000)
      expect((await bot.answer('receive SWAP 1')).text).toMatch(/now 1 on hand/)
      expect(socket.problems()).toEqual([])
    } finally {
      await bot.stop()
      await socket.close()
      await slack.close()
    }
  })

  it('refuses to start when Slack refuses the app-level token', async () => {
    const slack = await startSlackStandIn()
    const socket = await startSocketModeStandIn(slack, { appToken: 'xapp-the-right-one' })
    const db = await createTestDatabase()
    try {
      const config = loadConfig({
        PORT: '0',
        SLACK_APP_TOKEN: 'xapp-a-wrong-one',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_API_URL: slack.apiUrl,
        DATABASE_URL: db.url,
        LOG_LEVEL: 'silent',
      })
      await expect(startBot(config, createLogger('silent'))).rejects.toThrow(
        /Slack refused SLACK_APP_TOKEN \(invalid_auth\)/,
      )
      // Its slot was given back.
      const slot = await takeSocketSlot(db.pool, createLogger('silent'), 0)
      expect(slot?.slot).toBe(0)
      await slot?.release()
    } finally {
      await socket.close()
      await slack.close()
      await db.drop()
    }
  })
})
