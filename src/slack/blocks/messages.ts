import type { ErrorCode, ErrorDetails } from '../../errors.js'
import type { AdminResult, ChangeResult, Outcome, ReadResult, Result } from '../../inventory/results.js'
import type { Dispatched } from '../../queue/dispatcher.js'
import { escapeText, quantity, reservationRef, slackDate, user } from '../format.js'
import {
  adminText,
  auditLine,
  errorText,
  historyLine,
  readText,
  requestText,
  STALE_NOTE,
  WORKING_ON_IT,
} from '../wording/index.js'
import { changeMessage, stockCard } from './cards.js'
import { chooseMessage } from './choices.js'
import { type Block, context, LIMITS, type SlackMessage, section, sections } from './kit.js'

export function errorMessage(code: ErrorCode, details?: ErrorDetails): SlackMessage {
  const text = errorText(code, details)
  return { response_type: 'ephemeral', text, blocks: [section(text)] }
}

export function workingMessage(): SlackMessage {
  return { response_type: 'ephemeral', text: WORKING_ON_IT }
}

/**
 * A slash command's ack, from what its dispatch came to: the answer when it was
 * ready in time, "working on it" when it follows on the response_url, or why
 * nothing was accepted.
 */
export function ackMessage(dispatched: Dispatched, actor: string, nowMs: number): SlackMessage {
  switch (dispatched.kind) {
    case 'answered':
      return outcomeMessage(dispatched.outcome, actor, nowMs)
    case 'accepted':
      return workingMessage()
    case 'not-accepted':
      return errorMessage(dispatched.code, dispatched.details)
  }
}

/**
 * The reply to a command's outcome: changes are posted `in_channel` so the
 * channel sees them; reads and refusals are ephemeral, for the asker only.
 * `nowMs` is the time it is written at (ages, like a dead letter's, are relative to it).
 */
export function outcomeMessage(outcome: Outcome, actor: string, nowMs: number): SlackMessage {
  if (!outcome.ok) return errorMessage(outcome.code, outcome.details)
  const { result } = outcome
  const message = isAdminResult(result)
    ? textMessage(adminText(result, nowMs))
    : result.kind === 'choose'
      ? chooseMessage(result)
      : isChange(result)
        ? changeMessage(result, actor)
        : readMessage(result)
  if (!outcome.stale) return message
  return { ...message, blocks: [context(`:warning: ${STALE_NOTE}`), ...(message.blocks ?? [])] }
}

const READ_KINDS: ReadonlySet<string> = new Set([
  'help',
  'stock',
  'find',
  'low',
  'history',
  'locations',
  'reservations',
  'orders',
  'settings',
  'export',
  'roles',
  'audit',
])
const isChange = (result: ChangeResult | ReadResult): result is ChangeResult => !READ_KINDS.has(result.kind)
const isAdminResult = (result: Result): result is AdminResult => result.kind.startsWith('dead-letter')

const textMessage = (text: string): SlackMessage => ({
  response_type: 'ephemeral',
  text,
  blocks: sections(text.split('\n')).slice(0, LIMITS.blocksPerMessage),
})

function readMessage(result: ReadResult): SlackMessage {
  if (result.kind === 'stock') return stockCard(result)
  const text = readText(result)
  return {
    response_type: 'ephemeral',
    text,
    blocks: readBlocks(result, text).slice(0, LIMITS.blocksPerMessage),
  }
}

function readBlocks(result: Exclude<ReadResult, { kind: 'stock' }>, text: string): Block[] {
  const title = section(text.split(':')[0] ?? text)
  switch (result.kind) {
    case 'find':
    case 'low':
      return [
        title,
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
        title,
        ...sections(
          result.reservations.map(
            (r) =>
              `• *${reservationRef(r.reservation)}* ${quantity(r.quantity)} ${r.item.sku} at ${r.location}${r.ref ? ` for ${escapeText(r.ref)}` : ''} — ${user(r.by)}, ${slackDate(r.at)}`,
          ),
        ),
      ]
    case 'orders':
      return [title, ...sections(result.requests.map((r) => `• ${requestText(r)}`))]
    case 'audit':
      return [section(`*${text}*`), ...sections(result.entries.map((e) => auditLine(e, slackDate(e.at))))]
    case 'help':
    case 'settings':
    case 'export':
    case 'roles':
      return sections(text.split('\n'))
  }
}
