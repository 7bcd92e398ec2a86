import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { approvedRequest } from '../helpers/reorders.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UBOSS' } })
  await bot.answer('new ORD Ordered part')
  await bot.answer('new RES Reserved part')
  await bot.answer('receive RES 10')
})
afterAll(() => bot.stop())

const movementOf = (text: string) => text.match(/^#(\d+)/)?.[1] as string

/** The chat.update calls for a message, newest last. */
const updatesOf = (channel: string, ts: string) =>
  bot.slack
    .calls({ kind: 'api', name: 'chat.update' })
    .filter((c) => c.body.channel === channel && c.body.ts === ts)

describe('undoing a receipt that closed a reorder request', () => {
  it('approves the request again, says so, and updates the request’s message and the receipt’s', async () => {
    const { request, channel, ts } = await approvedRequest(bot, {
      sku: 'ORD',
      quantity: 25,
      channel: 'CBUY',
      approver: 'UBOSS',
    })
    const receipt = movementOf((await bot.answer(`receive ORD 25 for REQ-${request}`)).text)
    await eventually(() => updatesOf(channel, ts).at(-1))
    expect((await bot.answer('orders')).text).toBe('No open reorder requests.')

    const undo = await bot.click(ACTIONS.undo, receipt, { responseId: 'undo-receipt' })
    const [rewritten] = await bot.slack.waitFor({ kind: 'response', name: undo.responseId })
    expect(String(rewritten?.body.text)).toMatch(
      new RegExp(
        `^~#${receipt} <@U0001> received 25 ORD Ordered part at main~ — undone by <@U0001> as #\\d+: now 0 on hand at main · REQ-${request} re-opened \\(approved again\\)$`,
      ),
    )
    const card = await eventually(() =>
      updatesOf(channel, ts).find((c) => String(c.body.text).includes('approved by <@UBOSS>')),
    )
    expect(String(card.body.text)).toContain(
      `receive it with \`/inventory receive ORD 25 for REQ-${request}\``,
    )
    expect(JSON.stringify(card.body.blocks)).toContain(ACTIONS.requestReceive)
    expect(JSON.stringify(card.body.blocks)).toContain(
      `Re-opened: the receipt #${receipt} was undone by <@U0001>.`,
    )
    expect((await bot.answer('orders')).text).toBe(`1 open reorder request: REQ-${request} (approved)`)
  })

  it('re-opens it from a slash command too, and the request can be received again', async () => {
    const request = Number((await bot.answer('orders')).text.match(/REQ-(\d+)/)?.[1])
    const again = await bot.answer(`receive ORD 25 for REQ-${request}`)
    expect(again.text).toContain(`closes REQ-${request}`)
    const undone = await bot.answer(`undo ${movementOf(again.text)}`)
    expect(undone.text).toMatch(
      new RegExp(
        `undid #${movementOf(again.text)} \\(receive of ORD Ordered part\\) — now 0 on hand at main · REQ-${request} re-opened \\(approved again\\)$`,
      ),
    )
    const { rows } = await bot.db.pool.query(
      "SELECT status, received_by, received_at, received_movement FROM reorder_requests WHERE team_id = 'T0001' AND number = $1",
      [request],
    )
    expect(rows[0]).toEqual({
      status: 'approved',
      received_by: null,
      received_at: null,
      received_movement: null,
    })
  })

  it('says nothing of requests when the receipt closed none', async () => {
    const receipt = movementOf((await bot.answer('receive ORD 3')).text)
    const undone = await bot.answer(`undo ${receipt}`)
    expect(undone.text).toMatch(/now 0 on hand at main$/)
  })
})

describe('undoing an issue that consumed a reservation', () => {
  it('opens the reservation again, holding its stock, and says so', async () => {
    const reserved = (await bot.answer('reserve RES 4 for job 7')).text
    const reservation = reserved.match(/^R-(\d+)/)?.[1] as string
    const issue = movementOf((await bot.answer(`issue RES 4 for R-${reservation}`)).text)
    expect((await bot.answer('reservations RES')).text).toBe('No open reservations of RES.')

    const undone = await bot.answer(`undo ${issue}`)
    expect(undone.text).toMatch(
      new RegExp(`now 10 on hand at main · R-${reservation} re-opened \\(4 reserved at main again\\)$`),
    )
    expect((await bot.answer('stock RES')).text).toMatch(/^RES Reserved part: 10 on hand, 6 available/)
    expect((await bot.answer('reservations RES')).text).toContain(`R-${reservation}`)
    // Open for good: it can be issued against again, and that issue undone again.
    const reissued = await bot.answer(`issue RES 4 for R-${reservation}`)
    expect(reissued.text).toContain(`from main for R-${reservation}`)
    const undo = await bot.click(ACTIONS.undo, movementOf(reissued.text), { responseId: 'undo-issue' })
    const [rewritten] = await bot.slack.waitFor({ kind: 'response', name: undo.responseId })
    expect(String(rewritten?.body.text)).toMatch(
      new RegExp(
        `^~#\\d+ <@U0001> issued 4 RES Reserved part from main for R-${reservation}~ — undone by <@U0001> as #\\d+: now 10 on hand at main · R-${reservation} re-opened \\(4 reserved at main again\\)$`,
      ),
    )
    await bot.answer(`release R-${reservation}`)
  })

  it('leaves it consumed when its stock has been taken since, and says what it could not restore', async () => {
    // The issue took 2 of the 5 reserved; the other 3 went back to available and have since been issued.
    const reservation = (await bot.answer('reserve RES 5 for job 8')).text.match(/^R-(\d+)/)?.[1] as string
    const issue = movementOf((await bot.answer(`issue RES 2 for R-${reservation}`)).text)
    await bot.answer('issue RES 7')
    const undo = await bot.click(ACTIONS.undo, issue, { responseId: 'undo-taken' })
    const [rewritten] = await bot.slack.waitFor({ kind: 'response', name: undo.responseId })
    expect(String(rewritten?.body.text)).toContain(
      `now 3 on hand at main · R-${reservation} not re-opened: it reserved 5 at main, where only 3 are available now`,
    )
    expect((await bot.answer('stock RES')).text).toMatch(/^RES Reserved part: 3 on hand, 3 available/)
    expect((await bot.answer('reservations RES')).text).toBe('No open reservations of RES.')
    const { rows } = await bot.db.pool.query(
      "SELECT status FROM reservations WHERE team_id = 'T0001' AND number = $1",
      [reservation],
    )
    expect(rows[0]?.status).toBe('consumed')
  })
})
