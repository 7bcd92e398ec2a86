import type {
  AlertNotice,
  ChangeResult,
  ConfirmResult,
  MovementResult,
  RequestSummary,
  StockResult,
} from '../../inventory/results.js'
import { RIGHTS } from '../../inventory/rights.js'
import { allowsSomewhere } from '../../inventory/roles.js'
import { quantity } from '../format.js'
import {
  alertText,
  BUTTONS,
  CARD_HINT,
  changeText,
  movementText,
  requestText,
  stockText,
  undoneText,
} from '../wording/index.js'
import { ACTIONS } from './ids.js'
import {
  actions,
  type Block,
  type ButtonSpec,
  context,
  header,
  type SlackMessage,
  section,
  sections,
} from './kit.js'

/** The stock card: totals, per location, and buttons to act on the item. */
export function stockCard(s: StockResult): SlackMessage {
  const totals = `*${quantity(s.total.onHand)}* on hand · *${quantity(s.total.available)}* available · ${quantity(s.total.reserved)} reserved`
  const perLocation = s.levels.map(
    (l) =>
      `• \`${l.location}\` ${quantity(l.onHand)} on hand, ${quantity(l.available)} available${l.reserved ? ` (${quantity(l.reserved)} reserved)` : ''}`,
  )
  const value = s.item.sku
  // The card is the asker's own: it offers the changes their role allows somewhere (the form offers those places).
  const may = (verb: 'receive' | 'issue' | 'move' | 'reserve') =>
    !s.item.archived && (!s.access || allowsSomewhere(s.access, RIGHTS[verb]))
  const buttons = [
    ...(may('receive') ? [{ text: BUTTONS.receive, actionId: ACTIONS.stockReceive, value }] : []),
    ...(may('issue') ? [{ text: BUTTONS.issue, actionId: ACTIONS.stockIssue, value }] : []),
    ...(may('move') ? [{ text: BUTTONS.move, actionId: ACTIONS.stockMove, value }] : []),
    ...(may('reserve') ? [{ text: BUTTONS.reserve, actionId: ACTIONS.stockReserve, value }] : []),
    { text: BUTTONS.history, actionId: ACTIONS.stockHistory, value },
  ]
  const footer = [
    s.item.reorderPoint ? `Reorder point ${quantity(s.item.reorderPoint)}` : 'No reorder point set',
    ...(s.item.archived ? ['archived'] : buttons.length > 1 ? [CARD_HINT] : []),
  ].join(' · ')
  const locationBlocks = sections(perLocation.length ? perLocation : ['No stock at any location.'])
  return {
    response_type: 'ephemeral',
    text: stockText(s),
    blocks: [
      header(`${s.item.sku} — ${s.item.name}`),
      section(totals),
      ...locationBlocks.slice(0, 40),
      ...(locationBlocks.length > 40 ? [context(`…and more: see \`/inventory export\`.`)] : []),
      actions(buttons),
      context(footer),
    ],
  }
}

/** A movement as the channel sees it, with Undo (honoured for its author, and managers). */
export function movementMessage(m: MovementResult, actor: string): SlackMessage {
  const text = movementText(m, actor)
  const undoable = m.verb !== 'undo'
  return {
    response_type: 'in_channel',
    text,
    blocks: [
      section(text),
      ...(undoable
        ? [actions([{ text: BUTTONS.undo, actionId: ACTIONS.undo, value: String(m.movement) }])]
        : []),
    ],
  }
}

/** The undone movement's message, rewritten: struck through, with who undid it. No more Undo. */
export function undoneMessage(undo: MovementResult, undoneBy: string): SlackMessage {
  const text = undoneText(undo, undoneBy)
  return { response_type: 'in_channel', replace_original: true, text, blocks: [section(text)] }
}

export function confirmPrompt(c: ConfirmResult, actor: string): SlackMessage {
  const text = changeText(c, actor)
  return {
    response_type: 'ephemeral',
    text,
    blocks: [
      section(text),
      actions([
        { text: BUTTONS.confirm, actionId: ACTIONS.confirm, value: c.pending, style: 'primary' },
        { text: BUTTONS.cancel, actionId: ACTIONS.cancel, value: c.pending },
      ]),
    ],
  }
}

export function alertMessage(
  a: Pick<AlertNotice, 'sku' | 'name' | 'onHand' | 'reorderPoint'>,
  note?: string,
): SlackMessage {
  const text = alertText(a)
  const value = a.sku
  return {
    text: note ? `${text} ${note}` : text,
    blocks: [
      section(text),
      ...(note ? [context(note)] : []),
      actions([
        { text: BUTTONS.reorder, actionId: ACTIONS.reorder, value, style: 'primary' },
        ...(note ? [] : [{ text: BUTTONS.snooze, actionId: ACTIONS.snooze, value }]),
        ...(note ? [] : [{ text: BUTTONS.ordered, actionId: ACTIONS.ordered, value }]),
      ]),
    ],
  }
}

/**
 * The buttons a request's status allows: Approve / Reject while pending, Receive
 * once approved; `may` leaves out those the reader cannot use (on the App Home;
 * a message in a channel shows them to everyone). Receive's value pre-fills the form.
 */
export function requestButtons(
  r: RequestSummary,
  may: { decide: boolean; receive: boolean } = { decide: true, receive: true },
): ButtonSpec[] {
  const value = String(r.request)
  if (r.status === 'pending' && may.decide)
    return [
      { text: BUTTONS.approve, actionId: ACTIONS.approve, value, style: 'primary' },
      { text: BUTTONS.reject, actionId: ACTIONS.reject, value, style: 'danger' },
    ]
  if (r.status === 'approved' && may.receive)
    return [
      {
        text: BUTTONS.receive,
        actionId: ACTIONS.requestReceive,
        value: `${value}:${r.item.sku}:${r.quantity}`,
      },
    ]
  return []
}

/** A reorder request, with the buttons its status allows (and a `note` on what just happened to it). */
export function requestMessage(r: RequestSummary, note?: string): SlackMessage {
  const text = requestText(r)
  const buttons = requestButtons(r)
  return {
    response_type: 'in_channel',
    text,
    blocks: [section(text), ...(buttons.length ? [actions(buttons)] : []), ...(note ? [context(note)] : [])],
  }
}

/** A change's message: the specific card where there is one, else its text. */
export function changeMessage(result: ChangeResult, actor: string): SlackMessage {
  switch (result.kind) {
    case 'movement':
      return movementMessage(result, actor)
    case 'confirm':
      return confirmPrompt(result, actor)
    case 'request':
      return requestMessage(result.request)
    case 'cancelled':
      return {
        response_type: 'ephemeral',
        text: changeText(result, actor),
        blocks: [section(changeText(result, actor))],
      }
    case 'alert-state':
      return alertMessage(result.item, changeText(result, actor).replace(/^.*?\. /, ''))
    default: {
      const text = changeText(result, actor)
      return { response_type: 'in_channel', text, blocks: [section(text)] }
    }
  }
}

export type { Block }
