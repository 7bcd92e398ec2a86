import type { types } from '@slack/bolt'
import type { ErrorCode, ErrorDetails } from '../errors.js'
import type {
  AdminResult,
  ChangeResult,
  Outcome,
  ReadResult,
  Result,
  StockResult,
} from '../inventory/results.js'
import { escapeText, quantity, reservationRef, slackDate, user } from './format.js'
import {
  adminText,
  changeText,
  errorText,
  historyLine,
  readText,
  STALE_NOTE,
  WORKING_ON_IT,
} from './replies.js'

export type Block = types.KnownBlock

/** A message as Slack takes it in an ack body, on a response_url, or (minus response_type) via chat.postMessage. */
export interface SlackMessage {
  readonly response_type?: 'ephemeral' | 'in_channel'
  readonly replace_original?: boolean
  readonly text: string
  readonly blocks?: readonly Block[]
}

/** Slack's structural limits, checked by the builders' tests. */
export const LIMITS = { blocksPerMessage: 50, sectionText: 3000, headerText: 150 } as const

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } })
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] })
const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: text.slice(0, LIMITS.headerText), emoji: true },
})

/** Groups lines into as few sections as fit Slack's 3,000-character section limit. */
export function sections(lines: readonly string[]): Block[] {
  const groups: string[] = []
  for (const line of lines) {
    const clipped = line.slice(0, LIMITS.sectionText)
    const last = groups.length - 1
    const candidate = last >= 0 ? `${groups[last]}\n${clipped}` : undefined
    if (candidate !== undefined && candidate.length <= LIMITS.sectionText) groups[last] = candidate
    else groups.push(clipped)
  }
  return groups.map(section)
}

export function errorMessage(code: ErrorCode, details?: ErrorDetails): SlackMessage {
  const text = errorText(code, details)
  return { response_type: 'ephemeral', text, blocks: [section(text)] }
}

export function workingMessage(): SlackMessage {
  return { response_type: 'ephemeral', text: WORKING_ON_IT }
}

/**
 * The reply to a command's outcome: changes are posted `in_channel` so the
 * channel sees them; reads and refusals are ephemeral, for the asker only.
 */
export function outcomeMessage(outcome: Outcome, actor: string): SlackMessage {
  if (!outcome.ok) return errorMessage(outcome.code, outcome.details)
  const { result } = outcome
  const message = isAdminResult(result)
    ? textMessage(adminText(result, Date.now()))
    : isChange(result)
      ? changeMessage(result, actor)
      : readMessage(result)
  if (!outcome.stale) return message
  return { ...message, blocks: [context(`:warning: ${STALE_NOTE}`), ...(message.blocks ?? [])] }
}

const CHANGE_KINDS: ReadonlySet<string> = new Set(['movement', 'reservation', 'released', 'item', 'location'])
const isChange = (result: ChangeResult | ReadResult): result is ChangeResult => CHANGE_KINDS.has(result.kind)
const isAdminResult = (result: Result): result is AdminResult => result.kind.startsWith('dead-letter')

const textMessage = (text: string): SlackMessage => ({
  response_type: 'ephemeral',
  text,
  blocks: sections(text.split('\n')).slice(0, LIMITS.blocksPerMessage),
})

function changeMessage(result: ChangeResult, actor: string): SlackMessage {
  const text = changeText(result, actor)
  return { response_type: 'in_channel', text, blocks: [section(text)] }
}

function readMessage(result: ReadResult): SlackMessage {
  const text = readText(result)
  return {
    response_type: 'ephemeral',
    text,
    blocks: readBlocks(result, text).slice(0, LIMITS.blocksPerMessage),
  }
}

function readBlocks(result: ReadResult, text: string): Block[] {
  switch (result.kind) {
    case 'stock':
      return stockCard(result)
    case 'find':
    case 'low':
      return [
        section(text.split(':')[0] ?? text),
        ...sections(
          result.items.map(
            (i) =>
              `• *${i.sku}* ${escapeText(i.name)} — ${quantity(i.onHand)} on hand, ${quantity(i.available)} available${i.reorderPoint ? ` (reorder point ${quantity(i.reorderPoint)})` : ''}`,
          ),
        ),
      ]
    case 'history':
      return [section(`*${text}*`), ...sections(result.entries.map((e) => historyLine(e, slackDate(e.at))))]
    case 'locations':
      return [
        section('*Locations*'),
        ...sections(result.locations.map((l) => `• \`${l.code}\` ${escapeText(l.name)}`)),
      ]
    case 'reservations':
      return [
        section(text.split(':')[0] ?? text),
        ...sections(
          result.reservations.map(
            (r) =>
              `• *${reservationRef(r.reservation)}* ${quantity(r.quantity)} ${r.item.sku} at ${r.location}${r.ref ? ` for ${escapeText(r.ref)}` : ''} — ${user(r.by)}, ${slackDate(r.at)}`,
          ),
        ),
      ]
    case 'help':
      return sections(text.split('\n'))
  }
}

function stockCard(s: StockResult): Block[] {
  const totals = `*${quantity(s.total.onHand)}* on hand · *${quantity(s.total.available)}* available · ${quantity(s.total.reserved)} reserved`
  const perLocation = s.levels.map(
    (l) =>
      `• \`${l.location}\` ${quantity(l.onHand)} on hand, ${quantity(l.available)} available${l.reserved ? ` (${quantity(l.reserved)} reserved)` : ''}`,
  )
  const footer = [
    s.item.reorderPoint ? `Reorder point ${quantity(s.item.reorderPoint)}` : 'No reorder point set',
    ...(s.item.archived ? ['archived'] : []),
  ].join(' · ')
  return [
    header(`${s.item.sku} — ${s.item.name}`),
    section(totals),
    ...sections(perLocation.length ? perLocation : ['No stock at any location.']),
    context(footer),
  ]
}
