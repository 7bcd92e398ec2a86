import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { picksOf } from '../helpers/choices.js'
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../helpers/database.js'
import { eventually } from '../helpers/eventually.js'
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { buildEvent, buildViewSubmission } from '../helpers/payloads.js'

/**
 * Round trips to PostgreSQL, counted on the wire: the bot's connections go
 * through a proxy that reads the client's side of the protocol and records
 * each time the bot waited for the server, with the SQL it sent. A change is
 * one statement; a read is one query. This counts, it never times.
 */

const APPLY = 'SELECT inventory_apply($1::jsonb) AS outcome'

let direct: TestDatabase
let proxy: FaultProxy
let bot: TestBot

beforeAll(async () => {
  direct = await createTestDatabase()
  const server = new URL(TEST_SERVER_URL)
  proxy = await startFaultProxy(
    { host: server.hostname, port: Number(server.port || 5432) },
    { postgres: true },
  )
  bot = await startTestBot({
    db: { ...direct, url: proxy.through(direct.url) },
    env: { ADMIN_USERS: 'UADMIN' },
  })
  await bot.answer('new TRIP Round-trip part')
  await bot.answer('new SPARE Spare part')
  await bot.answer('location new shelf')
  await bot.answer('location new dock Loading dock')
  await bot.answer('receive TRIP 50')
  // The bot prunes old request keys a second after it starts (then hourly), under an advisory lock
  // it releases at the end: let that pass first (the migrations released theirs before).
  await eventually(
    () =>
      proxy.roundTrips().filter((r) => r.statements.some((sql) => sql.includes('pg_advisory_unlock')))
        .length >= 2,
  )
})
afterAll(async () => {
  await expectLedgerBalanced(direct.pool)
  await bot.stop()
  await proxy.close()
  await direct.drop()
})

/** The statements of each round trip `work` causes, once its answer and follow-ups are done. */
async function roundTripsOf(work: () => Promise<unknown>): Promise<string[][]> {
  await bot.settled()
  const before = proxy.roundTrips().length
  await work()
  await bot.settled()
  return proxy
    .roundTrips()
    .slice(before)
    .map((r) => r.statements.map((sql) => sql.replace(/\s+/g, ' ').trim()))
}

const movementNumber = (text: string) => Number(text.match(/^#(\d+)/)?.[1])
const buttonValue = (message: { blocks?: readonly unknown[] }, actionId: string) =>
  JSON.stringify(message.blocks).match(
    new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`),
  )?.[1] as string

describe('a change is one round trip', () => {
  it.each([
    ['receive', 'receive TRIP 5 at shelf', /received 5 TRIP/],
    ['issue', 'issue TRIP 2', /issued 2 TRIP/],
    ['move', 'move TRIP 3 from main to shelf', /moved 3 TRIP/],
    ['count', 'count TRIP 40', /counted 40 TRIP/],
    ['reserve', 'reserve TRIP 4', /reserved 4 TRIP/],
    ['release', 'release R-1', /released R-1/],
    ['undo', 'undo 2', /undid #2/],
    ['a refusal', 'issue TRIP 5000', /only \d+ available at main/],
    ['an unknown item', 'issue NOPE 1', /There is no item NOPE/],
  ])('%s from a slash command: one statement', async (_, text, expected) => {
    let reply = ''
    const trips = await roundTripsOf(async () => {
      reply = (await bot.answer(text)).text
    })
    expect(reply).toMatch(expected)
    expect(trips).toEqual([[APPLY]])
  })

  it('a repeated request replays its outcome in the same one statement', async () => {
    const fields = { trigger_id: 'trips.replay' }
    const first = await roundTripsOf(() => bot.answer('issue TRIP 1', fields))
    const again = await roundTripsOf(() => bot.answer('issue TRIP 1', fields))
    expect([first, again]).toEqual([[[APPLY]], [[APPLY]]])
  })

  it('a big change asks first in one statement, and its Confirm is one more', async () => {
    await bot.answer('receive TRIP 200')
    let prompt: { text: string; blocks?: readonly unknown[] } = { text: '' }
    const asked = await roundTripsOf(async () => {
      prompt = await bot.answer('issue TRIP 101')
    })
    expect(prompt.text).toContain('This changes more than 100 units')
    expect(asked).toEqual([[APPLY]])
    const confirmed = await roundTripsOf(() =>
      bot.click(ACTIONS.confirm, buttonValue(prompt, ACTIONS.confirm), { responseId: 'trips.confirm' }),
    )
    expect(confirmed).toEqual([[APPLY]])
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: 'trips.confirm' })
    expect(String(answer?.body.text)).toContain('Confirmed: #')
  })

  it('the Undo button on a movement: one statement', async () => {
    const number = movementNumber((await bot.answer('receive TRIP 1')).text)
    const trips = await roundTripsOf(() =>
      bot.click(ACTIONS.undo, String(number), { responseId: 'trips.undo' }),
    )
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: 'trips.undo' })
    expect(String(answer?.body.text)).toContain(`undone by <@U0001>`)
    expect(trips).toEqual([[APPLY]])
  })

  it('a form: its early check is one query, its change one statement', async () => {
    const trips = await roundTripsOf(() =>
      bot.interact(
        buildViewSubmission({
          callbackId: VIEWS.movement,
          privateMetadata: JSON.stringify({ verb: 'issue', sku: 'TRIP', channelId: 'C0001' }),
          values: { location: { selected: 'main' }, quantity: { value: '1' } },
        }),
      ),
    )
    expect(trips).toHaveLength(2)
    expect(trips[0]).toHaveLength(1)
    expect(trips[0]?.[0]).toMatch(/^SELECT i\.id, i\.sku/)
    expect(trips[1]).toEqual([APPLY])
  })

  it('refreshing the App Home of someone who opens it adds one query, and no lookup', async () => {
    await bot.event(
      buildEvent({ event: { type: 'app_home_opened', user: 'UHOME', tab: 'home', channel: 'D1' } }),
    )
    await bot.slack.waitFor({ kind: 'api', name: 'views.publish' })
    const trips = await roundTripsOf(() => bot.answer('issue TRIP 1', { user_id: 'UHOME' }))
    expect(trips).toHaveLength(2)
    expect(trips[0]).toEqual([APPLY])
    expect(trips[1]).toHaveLength(1)
    expect(bot.slack.calls({ kind: 'api', name: 'views.publish' })).toHaveLength(2)
  })
})

describe('a read is one query', () => {
  it.each([
    ['stock', 'stock TRIP', /^TRIP Round-trip part: \d+ on hand/],
    ['find', 'find round trip', /TRIP/],
    ['low', 'low', /./],
    ['history', 'history TRIP 5', /^Last 5 movements of TRIP/],
    ['an unknown item', 'stock NOPE', /There is no item NOPE/],
  ])('%s', async (_, text, expected) => {
    let reply = ''
    const trips = await roundTripsOf(async () => {
      reply = (await bot.answer(text)).text
    })
    expect(reply).toMatch(expected)
    expect(trips).toHaveLength(1)
    expect(trips[0]).toHaveLength(1)
  })
})

describe('naming an item or a location costs no round trip', () => {
  // Resolution runs inside the change's statement (inventory_resolve) and inside a read's one query
  // (inventory_find_item), whether the name is exact, a plural, a clear partial, or fits several.
  it.each([
    ['an exact SKU', 'issue 1 trip', /issued 1 TRIP Round-trip part/],
    ['an exact name', 'issue 1 round-trip part', /issued 1 TRIP Round-trip part/],
    ['a plural', 'issue 1 round-trip parts', /issued 1 TRIP Round-trip part/],
    ['a clear partial (similarity)', 'issue 1 round trip', /issued 1 TRIP Round-trip part/],
    [
      'a location by name, words after it the note',
      'receive 1 trip at loading dock PO 7',
      /at dock .*“PO 7”/,
    ],
    ['a location by likeness', 'receive 1 trip at loading', /received 1 TRIP Round-trip part at dock/],
    ['a name that fits several: the question', 'issue 1 part', /^Which one\? “PART” names 2 items/],
    [
      'a look-alike with another number: the refusal',
      'issue 1 round-trip part 2',
      /There is no item round-trip part 2 here\. Closest: TRIP Round-trip part/,
    ],
    ['nothing plausible: the refusal', 'issue 1 sprocket', /There is no item SPROCKET/],
  ])('%s in a change: one statement', async (_, text, expected) => {
    let reply = ''
    const trips = await roundTripsOf(async () => {
      reply = (await bot.answer(text)).text
    })
    expect(reply).toMatch(expected)
    expect(trips).toEqual([[APPLY]])
  })

  it('a pick on "which one?": one more read (the question), then the change in one statement', async () => {
    await bot.answer('receive SPARE 5')
    const question = await bot.answer('issue 1 part')
    const [first] = picksOf(question)
    const trips = await roundTripsOf(() =>
      bot.click(ACTIONS.choose, String(first?.value), { responseId: 'trips.pick' }),
    )
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: 'trips.pick' })
    expect(String(answer?.body.text)).toMatch(/issued 1 SPARE Spare part/)
    expect(trips).toHaveLength(2)
    expect(trips[0]?.[0]).toMatch(/^SELECT id, user_id, command, field, options/)
    expect(trips[1]).toEqual([APPLY])
  })

  it.each([
    ['an exact name', 'stock round-trip part', /^TRIP Round-trip part: \d+ on hand/],
    ['a clear partial (similarity)', 'history round trip 3', /^Last 3 movements of TRIP/],
    ['a name that fits several: the question', 'stock part', /^Which one\? “PART” names 2 items/],
  ])('%s in a read: one query', async (_, text, expected) => {
    let reply = ''
    const trips = await roundTripsOf(async () => {
      reply = (await bot.answer(text)).text
    })
    expect(reply).toMatch(expected)
    expect(trips).toHaveLength(1)
    expect(trips[0]).toHaveLength(1)
  })
})
