import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced, movementCount } from '../helpers/ledger.js'
import { buildBlockAction, buildViewSubmission } from '../helpers/payloads.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UADMIN' } })
  await bot.answer('new CARD Card part')
  await bot.answer('location new shelf')
  await bot.answer('receive CARD 10')
})
afterAll(async () => {
  await expectLedgerBalanced(bot.db.pool)
  await bot.stop()
})

const buttonsOf = (message: { blocks?: readonly unknown[] }) =>
  JSON.stringify(message.blocks ?? []).match(/"action_id":"[^"]+"/g) ?? []

/** Clicks a stock card button and returns the modal Slack was asked to open. */
async function openModal(actionId: string, cardResponseUrl: string, on: TestBot = bot) {
  const before = on.slack.calls({ kind: 'api', name: 'views.open' }).length
  const click = await on.interact(buildBlockAction({ actionId, value: 'CARD', responseUrl: cardResponseUrl }))
  expect(click.status).toBe(200)
  const opened = await on.slack.waitFor({ kind: 'api', name: 'views.open' }, before + 1)
  return opened.at(-1)?.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] }
}

describe('the stock card', () => {
  it('shows Receive, Issue, Move, Reserve and History buttons', async () => {
    const card = await bot.answer('stock CARD')
    expect(buttonsOf(card)).toEqual([
      `"action_id":"${ACTIONS.stockReceive}"`,
      `"action_id":"${ACTIONS.stockIssue}"`,
      `"action_id":"${ACTIONS.stockMove}"`,
      `"action_id":"${ACTIONS.stockReserve}"`,
      `"action_id":"${ACTIONS.stockHistory}"`,
    ])
  })

  it('Receive opens a modal, submitting it changes stock, posts the movement and updates the card', async () => {
    const cardUrl = bot.slack.responseUrl('card-1')
    const view = await openModal(ACTIONS.stockReceive, cardUrl)
    expect(view.callback_id).toBe(VIEWS.movement)
    expect(JSON.parse(view.private_metadata)).toMatchObject({
      verb: 'receive',
      sku: 'CARD',
      channelId: 'C0001',
    })
    expect(JSON.stringify(view.blocks)).toContain('"initial_option"')

    const submitted = await bot.interact(
      buildViewSubmission({
        callbackId: VIEWS.movement,
        privateMetadata: view.private_metadata,
        values: {
          location: { selected: 'main' },
          quantity: { value: '5' },
          note: { value: 'from the modal' },
        },
      }),
    )
    expect(submitted.status).toBe(200)
    expect(submitted.body).toBe('') // closes the modal
    const [posted] = await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' })
    expect(posted?.body).toMatchObject({ channel: 'C0001' })
    expect(String(posted?.body.text)).toMatch(
      /received 5 CARD Card part at main — now 15 on hand at main · “from the modal”/,
    )
    expect(JSON.stringify(posted?.body.blocks)).toContain(ACTIONS.undo)
    const [card] = await bot.slack.waitFor({ kind: 'response', name: 'card-1' })
    expect(card?.body).toMatchObject({ replace_original: true })
    expect(String(card?.body.text)).toMatch(/^CARD Card part: 15 on hand, 15 available/)
  })

  it('applies a submission Slack delivers twice once', async () => {
    const view = await openModal(ACTIONS.stockIssue, bot.slack.responseUrl())
    const before = await movementCount(bot.db.pool)
    const submission = buildViewSubmission({
      viewId: 'VTWICE',
      callbackId: VIEWS.movement,
      privateMetadata: view.private_metadata,
      values: { location: { selected: 'main' }, quantity: { value: '2' } },
    })
    await Promise.all([bot.interact(submission), bot.interact(submission)])
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    expect((await bot.answer('stock CARD')).text).toMatch(/^CARD Card part: 13 on hand/)
  })

  it('answers inside the modal with field errors, changing nothing', async () => {
    const view = await openModal(ACTIONS.stockMove, bot.slack.responseUrl())
    const submit = (values: Record<string, { value?: string; selected?: string }>) =>
      bot.interact(
        buildViewSubmission({ callbackId: VIEWS.movement, privateMetadata: view.private_metadata, values }),
      )
    const bad = await submit({
      from: { selected: 'main' },
      to: { selected: 'main' },
      quantity: { value: '0' },
    })
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: { quantity: expect.stringContaining('whole number'), to: expect.stringContaining('different') },
    })
    const tooMany = await submit({
      from: { selected: 'main' },
      to: { selected: 'shelf' },
      quantity: { value: '500' },
    })
    expect(tooMany.json).toEqual({
      response_action: 'errors',
      errors: { quantity: 'Only 13 available at main.' },
    })
    expect((await bot.answer('stock CARD')).text).toMatch(/^CARD Card part: 13 on hand/)
  })

  it('History shows the ledger to the clicker only', async () => {
    await bot.click(ACTIONS.stockHistory, 'CARD', { responseId: 'hist' })
    const [history] = await bot.slack.waitFor({ kind: 'response', name: 'hist' })
    expect(history?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false })
    expect(String(history?.body.text)).toContain('movements of CARD')
  })
})

describe('Undo on a movement message', () => {
  it('reverses once and rewrites the original message; a second click is a clear no-op', async () => {
    const receipt = await bot.answer('receive CARD 4')
    const number = receipt.text.match(/^#(\d+)/)?.[1] as string
    expect(buttonsOf(receipt)).toContain(`"action_id":"${ACTIONS.undo}"`)
    const click = () => bot.click(ACTIONS.undo, number, { responseId: `undo-${number}` })
    await click()
    const [rewritten] = await bot.slack.waitFor({ kind: 'response', name: `undo-${number}` })
    expect(rewritten?.body).toMatchObject({ replace_original: true })
    expect(String(rewritten?.body.text)).toContain(
      `~#${number} <@U0001> received 4 CARD Card part at main~ — undone by <@U0001>`,
    )
    await click()
    const [, second] = await bot.slack.waitFor({ kind: 'response', name: `undo-${number}` }, 2)
    expect(second?.body).toMatchObject({ replace_original: false, response_type: 'ephemeral' })
    expect(String(second?.body.text)).toContain(`#${number} was already undone`)
    const { rows } = await bot.db.pool.query(
      'SELECT count(*)::int AS n FROM movements WHERE undo_of = (SELECT id FROM movements WHERE number = $1)',
      [number],
    )
    expect(rows[0].n).toBe(1)
  })

  it('is refused for someone else’s movement, unless an admin clicks', async () => {
    const number = (await bot.answer('receive CARD 1')).text.match(/^#(\d+)/)?.[1] as string
    await bot.click(ACTIONS.undo, number, { user: 'U0002', responseId: 'other' })
    const [refused] = await bot.slack.waitFor({ kind: 'response', name: 'other' })
    expect(String(refused?.body.text)).toContain('Only <@U0001>')
    await bot.click(ACTIONS.undo, number, { user: 'UADMIN', responseId: 'admin' })
    const [done] = await bot.slack.waitFor({ kind: 'response', name: 'admin' })
    expect(String(done?.body.text)).toContain('undone by <@UADMIN>')
  })

  it('posts the undo instead when Slack no longer lets the message be updated', async () => {
    const number = (await bot.answer('receive CARD 2')).text.match(/^#(\d+)/)?.[1] as string
    bot.slack.reply(`late-${number}`, { status: 404, body: { ok: false, error: 'expired_url' } })
    const before = bot.slack.calls({ kind: 'api', name: 'chat.postMessage' }).length
    await bot.click(ACTIONS.undo, number, { responseId: `late-${number}` })
    const posts = await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' }, before + 1)
    expect(String(posts.at(-1)?.body.text)).toMatch(
      new RegExp(`undid #${number} \\(receive of CARD Card part\\)`),
    )
  })
})

describe('buttons and forms over Socket Mode', () => {
  let socketBot: TestBot
  beforeAll(async () => {
    socketBot = await startTestBot({ transport: 'socket' })
    await socketBot.answer('new CARD Card part')
    await socketBot.answer('receive CARD 10')
  })
  afterAll(async () => {
    await expectLedgerBalanced(socketBot.db.pool)
    await socketBot.stop()
  })

  it('Receive opens a form; its field errors and its change come back as over HTTP; Undo reverses it once', async () => {
    const view = await openModal(ACTIONS.stockReceive, socketBot.slack.responseUrl('card-s'), socketBot)
    const submit = (quantity: string) =>
      socketBot.interact(
        buildViewSubmission({
          callbackId: VIEWS.movement,
          privateMetadata: view.private_metadata,
          values: { location: { selected: 'main' }, quantity: { value: quantity } },
        }),
      )
    expect((await submit('0')).json).toMatchObject({ response_action: 'errors' })
    expect((await submit('5')).body).toBe('')
    const [posted] = await socketBot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' })
    expect(String(posted?.body.text)).toMatch(/received 5 CARD Card part at main — now 15 on hand at main/)
    const [card] = await socketBot.slack.waitFor({ kind: 'response', name: 'card-s' })
    expect(String(card?.body.text)).toMatch(/^CARD Card part: 15 on hand/)

    const number = String(posted?.body.text).match(/^#(\d+)/)?.[1] as string
    const click = () => socketBot.click(ACTIONS.undo, number, { responseId: `undo-s-${number}` })
    await Promise.all([click(), click()])
    const answers = await socketBot.slack.waitFor({ kind: 'response', name: `undo-s-${number}` }, 2)
    expect(answers.map((a) => String(a.body.text)).join('\n')).toContain('undone by <@U0001>')
    expect((await socketBot.answer('stock CARD')).text).toMatch(/^CARD Card part: 10 on hand/)
    expect(socketBot.socket?.problems()).toEqual([])
  })
})
