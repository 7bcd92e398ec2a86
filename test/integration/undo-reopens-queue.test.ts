import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS } from '../../src/slack/blocks/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'
import { approvedRequest } from '../helpers/reorders.js'

const prefix = uniquePrefix('undoq')
let bot: TestBot
let worker: RunningWorker
beforeAll(async () => {
  bot = await startTestBot({ env: queueEnv(prefix, { ADMIN_USERS: 'UBOSS' }) })
  worker = await startTestWorker({
    db: bot.db,
    slack: bot.slack,
    env: queueEnv(prefix, { ADMIN_USERS: 'UBOSS' }),
  })
  await bot.answer('new QRD Queued reorder part')
  await bot.answer('receive QRD 6')
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

const movementOf = (text: string) => text.match(/^#(\d+)/)?.[1] as string

describe('an undo applied by a worker', () => {
  it('re-opens the request its receipt closed and updates the request’s message', async () => {
    const { request, channel, ts } = await approvedRequest(bot, {
      sku: 'QRD',
      quantity: 12,
      channel: 'CBUY',
      approver: 'UBOSS',
    })
    const receipt = movementOf((await bot.answer(`receive QRD 12 for REQ-${request}`)).text)
    const undo = await bot.click(ACTIONS.undo, receipt, { responseId: 'qundo-receipt' })
    const [rewritten] = await bot.slack.waitFor({ kind: 'response', name: undo.responseId })
    expect(String(rewritten?.body.text)).toMatch(
      new RegExp(
        `undone by <@U0001> as #\\d+: now 6 on hand at main · REQ-${request} re-opened \\(approved again\\)$`,
      ),
    )
    const card = await eventually(() =>
      bot.slack
        .calls({ kind: 'api', name: 'chat.update' })
        .find(
          (c) =>
            c.body.channel === channel && c.body.ts === ts && String(c.body.text).includes('approved by'),
        ),
    )
    expect(JSON.stringify(card.body.blocks)).toContain(
      `Re-opened: the receipt #${receipt} was undone by <@U0001>.`,
    )
    expect((await bot.answer('orders')).text).toBe(`1 open reorder request: REQ-${request} (approved)`)
  })

  it('re-opens the reservation its issue consumed', async () => {
    const reservation = (await bot.answer('reserve QRD 4 for job 9')).text.match(/^R-(\d+)/)?.[1] as string
    const issue = movementOf((await bot.answer(`issue QRD 4 for R-${reservation}`)).text)
    const undone = await bot.answer(`undo #${issue}`)
    expect(undone.text).toMatch(new RegExp(`· R-${reservation} re-opened \\(4 reserved at main again\\)$`))
    expect((await bot.answer('reservations QRD')).text).toContain(`R-${reservation}`)
  })
})
