import { describe, expect, it } from 'vitest'
import { RefusedError } from '../../../../src/errors.js'
import { ACTIONS, VIEWS } from '../../../../src/slack/blocks/index.js'
import { buttonCommand } from '../../../../src/slack/listeners/actions/buttons.js'
import {
  pickAction,
  QUESTION,
  questionKey,
  readAction,
} from '../../../../src/slack/listeners/actions/choices.js'
import { showMoreOnHome } from '../../../../src/slack/listeners/actions/home-more.js'
import { openMovementForm, openReorderForm } from '../../../../src/slack/listeners/actions/open-forms.js'
import { boltArgs, fakeListenerDeps } from '../../../helpers/listeners.js'
import { buildBlockAction } from '../../../helpers/payloads.js'

type Args = Parameters<ReturnType<typeof buttonCommand>>[0]
const click = (
  actionId: string,
  value: string,
  extra: Parameters<typeof buildBlockAction>[0] | object = {},
) =>
  boltArgs<Args>({
    body: buildBlockAction({ actionId, value, responseUrl: 'https://hooks.slack.com/actions/1', ...extra }),
  })
const modalOf = (call: { args: Record<string, unknown> } | undefined) =>
  call?.args.view as { callback_id: string; private_metadata: string }

describe('a button that is a command', () => {
  it('dispatches the action its value names, keyed by the click, and acks', async () => {
    const { deps, calls } = fakeListenerDeps()
    const { args, acks } = click(ACTIONS.undo, '12')
    await buttonCommand(deps, (v) => ({ verb: 'undo', movement: Number(v) }))(args)
    expect(acks).toHaveLength(1)
    expect(calls.dispatched).toMatchObject([
      {
        action: { verb: 'undo', movement: 12 },
        origin: { kind: 'message' },
        requestKey: expect.stringMatching(/^click:U0001:/),
        responseUrl: 'https://hooks.slack.com/actions/1',
      },
    ])
    expect(calls.replies).toEqual([])
  })

  it('tells the clicker when nothing was accepted, without replacing the message', async () => {
    const { deps, calls } = fakeListenerDeps({
      dispatched: { kind: 'not-accepted', code: 'NOT_CONFIRMED', details: { sku: 'W' } },
    })
    await buttonCommand(deps, (v) => ({ verb: 'alert.snooze', sku: v }))(click(ACTIONS.snooze, 'W').args)
    expect(calls.replies).toMatchObject([
      { message: { replace_original: false, text: expect.stringContaining('history W') } },
    ])
  })
})

describe('a pick on "Which one?"', () => {
  const question = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f'

  it('answers the question it names, keyed by the question (not the click), in place of the question', async () => {
    const { deps, calls } = fakeListenerDeps()
    const pick = buttonCommand(deps, pickAction, { requestKey: questionKey, origin: QUESTION })
    await pick(click(ACTIONS.choose, `${question}:BB-2`).args)
    await pick(click(ACTIONS.choose, `${question}:M3-BOLT`).args)
    expect(calls.dispatched).toMatchObject([
      {
        action: { verb: 'change.choose', question, pick: 'BB-2' },
        origin: { kind: 'question' },
        requestKey: `choose:${question}`,
        responseUrl: 'https://hooks.slack.com/actions/1',
      },
      { action: { verb: 'change.choose', question, pick: 'M3-BOLT' }, requestKey: `choose:${question}` },
    ])
  })

  it('runs the read its value carries', async () => {
    const { deps, calls } = fakeListenerDeps()
    await buttonCommand(deps, readAction, { origin: QUESTION })(
      click(ACTIONS.chooseRead, JSON.stringify({ verb: 'stock', sku: 'BB-2' })).args,
    )
    expect(calls.dispatched).toMatchObject([
      { action: { verb: 'stock', sku: 'BB-2' }, origin: { kind: 'question' } },
    ])
  })

  it.each([
    [ACTIONS.choose, 'not-a-question:BB-2'],
    [ACTIONS.choose, 'no colon'],
    [ACTIONS.chooseRead, '{"verb":"issue","sku":"W","quantity":1}'],
    [ACTIONS.chooseRead, '{not json'],
  ])('refuses a forged %s value %j before dispatching anything', async (actionId, value) => {
    const { deps, calls } = fakeListenerDeps()
    const handler =
      actionId === ACTIONS.choose
        ? buttonCommand(deps, pickAction, { requestKey: questionKey, origin: QUESTION })
        : buttonCommand(deps, readAction, { origin: QUESTION })
    await expect(handler(click(actionId, value).args)).rejects.toThrow()
    expect(calls.dispatched).toEqual([])
  })
})

describe('a button that opens a form', () => {
  it('opens the movement form for the card’s item, at its best location, remembering the card', async () => {
    const { deps, calls } = fakeListenerDeps()
    const { args, acks } = click(ACTIONS.stockIssue, 'WIDGET')
    await openMovementForm(deps, 'issue')(args)
    expect(acks).toHaveLength(1)
    expect(calls.api.map((c) => c.method)).toEqual(['views.open'])
    const view = modalOf(calls.api[0])
    expect(view.callback_id).toBe(VIEWS.movement)
    expect(JSON.parse(view.private_metadata)).toEqual({
      verb: 'issue',
      sku: 'WIDGET',
      channelId: 'C0001',
      cardResponseUrl: 'https://hooks.slack.com/actions/1',
    })
  })

  it('opens a receipt for a reorder request, for that request', async () => {
    const { deps, calls } = fakeListenerDeps()
    await openMovementForm(deps, 'receive', { fromRequest: true })(
      click(ACTIONS.requestReceive, '4:WIDGET:10').args,
    )
    expect(JSON.parse(modalOf(calls.api[0]).private_metadata)).toEqual({
      verb: 'receive',
      sku: 'WIDGET',
      channelId: 'C0001',
      request: 4,
    })
  })

  it('opens the reorder form', async () => {
    const { deps, calls } = fakeListenerDeps()
    await openReorderForm(deps)(click(ACTIONS.reorder, 'WIDGET').args)
    expect(modalOf(calls.api[0]).callback_id).toBe(VIEWS.reorder)
  })

  it('tells the clicker why instead, when the item is gone', async () => {
    const { deps, calls } = fakeListenerDeps({ itemForm: new RefusedError('UNKNOWN_ITEM', { sku: 'GONE' }) })
    await openMovementForm(deps, 'move')(click(ACTIONS.stockMove, 'GONE').args)
    expect(calls.api).toEqual([])
    expect(calls.replies).toMatchObject([
      { message: { replace_original: false, text: expect.stringContaining('There is no item GONE') } },
    ])
  })
})

describe('"More" on the App Home', () => {
  const more = (section: string, limits?: object) =>
    click(ACTIONS.homeMore, section, {
      home: true,
      view: { id: 'VHOME', private_metadata: limits ? JSON.stringify({ limits }) : '' },
    })

  it('publishes the Home with 20 more rows of the section clicked', async () => {
    const { deps, calls } = fakeListenerDeps()
    await showMoreOnHome(deps)(
      more('movements', { low: 5, requests: 5, reservations: 5, movements: 10 }).args,
    )
    expect(calls.published).toEqual([
      {
        teamId: 'T0001',
        userId: 'U0001',
        slackAdmin: false,
        limits: { low: 5, requests: 5, reservations: 5, movements: 30 },
      },
    ])
  })

  it('ignores a section it does not know, also one named like a property every object has', async () => {
    const { deps, calls } = fakeListenerDeps()
    await showMoreOnHome(deps)(more('everything').args)
    await showMoreOnHome(deps)(more('constructor').args)
    expect(calls.published).toEqual([])
  })
})
