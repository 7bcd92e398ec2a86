import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { buildBlockAction, buildEvent, buildViewSubmission } from '../helpers/payloads.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UADMIN,UBOSS' } })
  await bot.answer('new ORD Ordered part min 10')
  await bot.answer('receive ORD 4')
})
afterAll(() => bot.stop())

const lastCall = (name: string) => bot.slack.calls({ kind: 'api', name }).at(-1)

/** Waits until no new call to `name` arrived for 300 ms (follow-ups of earlier changes are done). */
async function settled(name: string) {
  let count = -1
  while (count !== bot.slack.calls({ kind: 'api', name }).length) {
    count = bot.slack.calls({ kind: 'api', name }).length
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

describe('reorder requests', () => {
  let requestTs: string

  it('Reorder opens a modal defaulting the quantity; submitting posts REQ-n with Approve and Reject', async () => {
    await bot.click(ACTIONS.reorder, 'ORD', { channel: 'CALERT' })
    const [opened] = await bot.slack.waitFor({ kind: 'api', name: 'views.open' })
    const view = opened?.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] }
    expect(view.callback_id).toBe(VIEWS.reorder)
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"10"')
    await bot.interact(
      buildViewSubmission({
        callbackId: VIEWS.reorder,
        privateMetadata: view.private_metadata,
        values: { quantity: { value: '25' }, supplier: { value: 'ACME' }, note: { value: 'urgent' } },
      }),
    )
    const posted = await eventually(() =>
      bot.slack
        .calls({ kind: 'api', name: 'chat.postMessage' })
        .find((c) => String(c.body.text).startsWith('REQ-1')),
    )
    expect(posted.body.channel).toBe('CALERT')
    expect(String(posted.body.text)).toContain('REQ-1: 25 ORD Ordered part from ACME, requested by <@U0001>')
    expect(JSON.stringify(posted.body.blocks)).toContain(ACTIONS.approve)
    requestTs = await eventually(async () => {
      const { rows } = await bot.db.pool.query(
        "SELECT message_ts FROM reorder_requests WHERE number = 1 AND team_id = 'T0001'",
      )
      return rows[0]?.message_ts as string | null
    })
    expect((await bot.answer('orders')).text).toBe('1 open reorder request: REQ-1 (pending)')
  })

  it('managers and admins decide, never their own request; the message records who and when', async () => {
    const decide = (user: string, actionId: string, id: string) =>
      bot.interact(
        buildBlockAction({
          actionId,
          value: '1',
          user,
          channel: 'CALERT',
          responseUrl: bot.slack.responseUrl(id),
        }),
      )
    await decide('U0002', ACTIONS.approve, 'd1')
    expect(String((await bot.slack.waitFor({ kind: 'response', name: 'd1' }))[0]?.body.text)).toContain(
      'You need the manager role to approve reorder requests',
    )
    await bot.answer('new SELF Self-ordered part', { user_id: 'UADMIN' })
    await decide('UBOSS', ACTIONS.approve, 'd2')
    const [approved] = await bot.slack.waitFor({ kind: 'response', name: 'd2' })
    expect(approved?.body).toMatchObject({ replace_original: true })
    expect(String(approved?.body.text)).toMatch(/approved by <@UBOSS> <!date\^\d+/)
    expect(JSON.stringify(approved?.body.blocks)).toContain(ACTIONS.requestReceive)
    await decide('UADMIN', ACTIONS.reject, 'd3')
    expect(String((await bot.slack.waitFor({ kind: 'response', name: 'd3' }))[0]?.body.text)).toContain(
      'already approved by <@UBOSS>',
    )
  })

  it('refuses to approve your own request', async () => {
    await bot.click(ACTIONS.reorder, 'ORD', { user: 'UADMIN' })
    const view = lastCall('views.open')?.body.view as { private_metadata: string }
    await bot.interact(
      buildViewSubmission({
        user: 'UADMIN',
        callbackId: VIEWS.reorder,
        privateMetadata: view.private_metadata,
        values: { quantity: { value: '5' } },
      }),
    )
    await eventually(() =>
      bot.slack
        .calls({ kind: 'api', name: 'chat.postMessage' })
        .find((c) => String(c.body.text).startsWith('REQ-2')),
    )
    await bot.click(ACTIONS.approve, '2', { user: 'UADMIN', responseId: 'own' })
    const [refused] = await bot.slack.waitFor({ kind: 'response', name: 'own' })
    expect(String(refused?.body.text)).toContain('You asked for REQ-2')
  })

  it('receiving against an approved request closes it and updates its message', async () => {
    expect((await bot.answer('receive ORD 25 for REQ-2')).text).toContain('REQ-2 is pending')
    const receipt = await bot.answer('receive ORD 25 for REQ-1 dock 3')
    expect(receipt.text).toMatch(
      /received 25 ORD Ordered part at main — now 29 on hand at main · “dock 3” · closes REQ-1/,
    )
    const update = await eventually(() => lastCall('chat.update'))
    expect(update.body).toMatchObject({ channel: 'CALERT', ts: requestTs })
    expect(String(update.body.text)).toContain('received in #')
    expect((await bot.answer('orders')).text).toBe('1 open reorder request: REQ-2 (pending)')
    expect((await bot.answer('receive ORD 1 for REQ-1')).text).toContain('REQ-1 is received')
  })
})

describe('the App Home', () => {
  it('is published on app_home_opened with the right workspace’s items, once per event', async () => {
    await bot.answer('new LOWA Low in A min 5')
    await bot.answer('new LOWB Low in B min 5', { team_id: 'T0002' })
    await bot.answer('reserve ORD 2 for the lab')
    await settled('views.publish')
    const envelope = buildEvent({
      eventId: 'EvHOME1',
      event: { type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: '1.1' },
    })
    const before = bot.slack.calls({ kind: 'api', name: 'views.publish' }).length
    expect((await bot.event(envelope)).status).toBe(200)
    expect(
      (await bot.event(envelope, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }))
        .status,
    ).toBe(200)
    const published = await bot.slack.waitFor({ kind: 'api', name: 'views.publish' }, before + 1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(bot.slack.calls({ kind: 'api', name: 'views.publish' })).toHaveLength(before + 1)
    const home = published.at(-1)?.body as { user_id: string; view: { type: string; blocks: unknown[] } }
    expect(home.user_id).toBe('U0001')
    const text = JSON.stringify(home.view.blocks)
    expect(home.view.type).toBe('home')
    expect(text).toContain('LOWA')
    expect(text).not.toContain('LOWB')
    expect(text).toContain('for the lab')
    expect(text).toContain(ACTIONS.release)
    expect(text).toContain('REQ-2')
    expect(home.view.blocks.length).toBeLessThanOrEqual(100)
  })

  it('is not published for someone who never opened it', async () => {
    await bot.answer('receive ORD 1', { user_id: 'U0NEVER' })
    await settled('views.publish')
    expect(
      bot.slack.calls({ kind: 'api', name: 'views.publish' }).some((c) => c.body.user_id === 'U0NEVER'),
    ).toBe(false)
  })

  it('is refreshed after a change the person makes', async () => {
    const before = bot.slack.calls({ kind: 'api', name: 'views.publish' }).length
    await bot.answer('receive ORD 1')
    const published = await bot.slack.waitFor({ kind: 'api', name: 'views.publish' }, before + 1)
    expect(published.at(-1)?.body.user_id).toBe('U0001')
  })

  it('Release on the Home releases the reservation and refreshes the Home', async () => {
    const before = bot.slack.calls({ kind: 'api', name: 'views.publish' }).length
    await bot.interact(buildBlockAction({ actionId: ACTIONS.release, value: '1', home: true }))
    await bot.slack.waitFor({ kind: 'api', name: 'views.publish' }, before + 1)
    expect((await bot.answer('reservations')).text).toBe('No open reservations.')
  })
})

describe('creating an item with a form', () => {
  it('`/inventory new` opens a modal; a taken SKU is a field error; a good one is created', async () => {
    const before = bot.slack.calls({ kind: 'api', name: 'views.open' }).length
    const reply = await bot.command('new')
    expect(reply.status).toBe(200)
    const opened = await bot.slack.waitFor({ kind: 'api', name: 'views.open' }, before + 1)
    const view = opened.at(-1)?.body.view as { callback_id: string; private_metadata: string }
    expect(view.callback_id).toBe(VIEWS.newItem)
    const submit = (sku: string) =>
      bot.interact(
        buildViewSubmission({
          callbackId: VIEWS.newItem,
          privateMetadata: view.private_metadata,
          values: {
            sku: { value: sku },
            name: { value: 'Formed part' },
            unit: { value: 'm' },
            reorder_point: { value: '3' },
            reorder_quantity: { value: '12' },
          },
        }),
      )
    expect((await submit('ord')).json).toEqual({
      response_action: 'errors',
      errors: { sku: 'That SKU already exists.' },
    })
    expect((await submit('bad sku!')).json).toMatchObject({ response_action: 'errors' })
    expect((await submit('formed')).body).toBe('')
    const posted = await eventually(() =>
      bot.slack
        .calls({ kind: 'api', name: 'chat.postMessage' })
        .find((c) => String(c.body.text).includes('created FORMED')),
    )
    expect(posted.body.channel).toBe('C0001')
    const { rows } = await bot.db.pool.query(
      "SELECT unit, reorder_point, reorder_quantity FROM items WHERE sku = 'FORMED'",
    )
    expect(rows[0]).toEqual({ unit: 'm', reorder_point: 3, reorder_quantity: 12 })
  })
})

describe('export', () => {
  it('uploads a CSV of current stock to the channel', async () => {
    const reply = await bot.answer('export')
    expect(reply.text).toMatch(/^Uploaded stock.csv \(\d+ rows\)\.$/)
    const [upload] = bot.slack.calls({ kind: 'upload' })
    expect(String(upload?.body.csv)).toMatch(
      /^sku,name,unit,location,on_hand,reserved,available,reorder_point,archived\r\n/,
    )
    expect(String(upload?.body.csv)).toContain('ORD,Ordered part,,main,31,0,31,10,')
    const complete = lastCall('files.completeUploadExternal')
    expect(complete?.body).toMatchObject({ channel_id: 'C0001' })
  })

  it('uploads one item’s ledger, guarding against spreadsheet formulas', async () => {
    await bot.answer('receive ORD 1 =HYPERLINK("x")')
    expect((await bot.answer('export history ORD')).text).toMatch(/^Uploaded history-ORD.csv/)
    const csv = String(bot.slack.calls({ kind: 'upload' }).at(-1)?.body.csv)
    expect(csv.split('\r\n')[0]).toBe(
      'movement,when,who,verb,quantity,location,delta,on_hand_after,note,undo_of',
    )
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
  })
})

describe('the App Home over Socket Mode', () => {
  let socketBot: TestBot
  beforeAll(async () => {
    socketBot = await startTestBot({ transport: 'socket' })
    await socketBot.answer('new LOWS Low over the socket min 5')
  })
  afterAll(() => socketBot.stop())

  it('is published on app_home_opened, once for an event Slack sends again, and refreshed after a change', async () => {
    const envelope = buildEvent({
      eventId: 'EvSOCKETHOME',
      event: { type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: '1.1' },
    })
    expect((await socketBot.event(envelope)).body).toBe('')
    await socketBot.event(envelope, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'timeout' })
    const [home] = await socketBot.slack.waitFor({ kind: 'api', name: 'views.publish' })
    expect(JSON.stringify(home?.body.view)).toContain('LOWS')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(socketBot.slack.calls({ kind: 'api', name: 'views.publish' })).toHaveLength(1)
    await socketBot.answer('receive LOWS 1')
    await socketBot.slack.waitFor({ kind: 'api', name: 'views.publish' }, 2)
    expect(socketBot.socket?.problems()).toEqual([])
  })
})
