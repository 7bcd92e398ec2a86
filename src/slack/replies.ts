import type { ErrorCode, ErrorDetails } from '../errors.js'
import { MAX_NOTE_LENGTH } from '../inventory/actions.js'
import type {
  AdminResult,
  ChangeResult,
  DeadLetter,
  MovementKind,
  MovementResult,
  ReadResult,
  StockResult,
} from '../inventory/results.js'
import { escapeText, movementRef, quantity, reservationRef, signed, user } from './format.js'

/**
 * All wording lives here: errors, usage, the text of every reply. Three
 * phrasings are a contract that people and scripts read:
 *  - a stock reply's text begins `SKU NAME: N on hand, M available`;
 *  - a change names its movement `#123` and `now N on hand at LOC` for each location touched;
 *  - a refusal for lack of stock says `only N available at LOC`.
 */

/** Every error reply starts with this, so scripts (`npm run say`) can tell errors from answers. */
export const ERROR_MARK = ':warning:'

export const COMMAND = '/inventory'

/** Syntax and one example per verb; `help` lists them all. */
export const USAGE: Readonly<Record<string, { syntax: string; example: string; about: string }>> = {
  stock: {
    syntax: 'stock SKU',
    example: 'stock WIDGET',
    about: 'on hand, reserved and available, per location',
  },
  receive: {
    syntax: 'receive SKU QTY [at LOC] [note…]',
    example: 'receive WIDGET 50 at shelf-2 PO 4471',
    about: 'stock arrives',
  },
  issue: {
    syntax: 'issue SKU QTY [from LOC] [for R-n] [note…]',
    example: 'issue WIDGET 3 from main for R-7',
    about: 'stock leaves',
  },
  move: {
    syntax: 'move SKU QTY from LOC to LOC [note…]',
    example: 'move WIDGET 10 from main to shelf-2',
    about: 'transfer between locations',
  },
  count: {
    syntax: 'count SKU QTY [at LOC] [note…]',
    example: 'count WIDGET 42 at main',
    about: 'stocktake: set what was counted',
  },
  reserve: {
    syntax: 'reserve SKU QTY [at LOC] [for REF…]',
    example: 'reserve WIDGET 5 for job 118',
    about: 'hold stock for someone',
  },
  release: { syntax: 'release R-n', example: 'release R-7', about: 'give a reservation back' },
  reservations: { syntax: 'reservations [SKU]', example: 'reservations WIDGET', about: 'open reservations' },
  undo: { syntax: 'undo MOVEMENT', example: 'undo #123', about: 'reverse one of your movements' },
  find: { syntax: 'find TEXT', example: 'find widgit', about: 'search items (typos welcome)' },
  low: { syntax: 'low', example: 'low', about: 'items at or below their reorder point' },
  history: {
    syntax: 'history SKU [N]',
    example: 'history WIDGET 20',
    about: 'the last N movements (default 10)',
  },
  new: { syntax: 'new SKU NAME… [min N]', example: 'new WIDGET Blue widget min 10', about: 'create an item' },
  item: {
    syntax: 'item SKU min N | rename NAME… | archive | restore',
    example: 'item WIDGET min 20',
    about: 'change the reorder point, rename, archive',
  },
  location: {
    syntax: 'location new CODE [NAME…]',
    example: 'location new shelf-2 Shelf 2',
    about: 'create a location',
  },
  locations: { syntax: 'locations', example: 'locations', about: 'list locations' },
  help: { syntax: 'help', example: 'help', about: 'this list' },
  dlq: {
    syntax: 'dlq [list | show ID | replay ID | drop ID]',
    example: 'dlq show 12',
    about: 'admins: commands that could not be applied (queue mode)',
  },
}

const code = (text: string) => `\`${text}\``
const usageLine = (verb: string) => {
  const usage = USAGE[verb] ?? USAGE.help
  return usage
    ? `Usage: ${code(`${COMMAND} ${usage.syntax}`)}, e.g. ${code(`${COMMAND} ${usage.example}`)}`
    : ''
}
const NOTHING_CHANGED = 'Nothing was changed.'

type Wording = (d: ErrorDetails) => string
const str = (d: ErrorDetails, key: string) => escapeText(String(d[key] ?? ''))
const num = (d: ErrorDetails, key: string) => quantity(Number(d[key] ?? 0))

const ERRORS: Readonly<Record<ErrorCode, Wording>> = {
  USAGE: (d) =>
    d.tooLong
      ? `Notes are limited to ${MAX_NOTE_LENGTH} characters. ${NOTHING_CHANGED}`
      : `That ${code(String(d.verb))} command is incomplete. ${usageLine(String(d.verb))}`,
  UNKNOWN_VERB: (d) =>
    `I don't know ${code(str(d, 'given'))}.` +
    (d.suggestion
      ? ` Did you mean ${code(`${COMMAND} ${d.suggestion}`)}? To look up an item, use ${code(`${COMMAND} stock ${str(d, 'given').toUpperCase()}`)}.`
      : '') +
    ` See ${code(`${COMMAND} help`)}.`,
  BAD_QUANTITY: (d) =>
    `${code(str(d, 'given'))} is not a quantity: use a whole number from ${num(d, 'min')} to ${num(d, 'max')}. ${NOTHING_CHANGED}`,
  BAD_SKU: (d) =>
    `${code(str(d, 'given'))} is not a valid SKU: use letters, digits, ${code('.')} ${code('-')} ${code('_')} or ${code('/')}, at most 40 characters.`,
  BAD_LOCATION_CODE: (d) =>
    `${code(str(d, 'given'))} is not a valid location code: use letters, digits, ${code('.')} ${code('-')} or ${code('_')}, at most 30 characters.`,
  UNKNOWN_ITEM: (d) =>
    `There is no item ${str(d, 'sku')} here. Create it with ${code(`${COMMAND} new ${str(d, 'sku')} NAME`)} or search with ${code(`${COMMAND} find TEXT`)}.`,
  UNKNOWN_LOCATION: (d) =>
    `There is no location ${code(str(d, 'location'))}. See ${code(`${COMMAND} locations`)}, or create it with ${code(`${COMMAND} location new ${str(d, 'location')}`)}. ${NOTHING_CHANGED}`,
  ITEM_EXISTS: (d) =>
    `${str(d, 'sku')} already exists: see ${code(`${COMMAND} stock ${str(d, 'sku')}`)}. ${NOTHING_CHANGED}`,
  LOCATION_EXISTS: (d) => `Location ${code(str(d, 'location'))} already exists. ${NOTHING_CHANGED}`,
  ITEM_ARCHIVED: (d) =>
    `${str(d, 'sku')} is archived. Restore it first with ${code(`${COMMAND} item ${str(d, 'sku')} restore`)}. ${NOTHING_CHANGED}`,
  SAME_LOCATION: (d) =>
    `Moving from ${code(str(d, 'location'))} to itself changes nothing: name two different locations.`,
  INSUFFICIENT_STOCK: (d) =>
    `Not enough ${str(d, 'sku')}: only ${num(d, 'available')} available at ${str(d, 'location')} (you asked for ${num(d, 'requested')}). ${NOTHING_CHANGED}`,
  BELOW_RESERVED: (d) =>
    `Can't count ${num(d, 'counted')} ${str(d, 'sku')} at ${str(d, 'location')}: ${num(d, 'reserved')} are reserved there. Release reservations first (${code(`${COMMAND} reservations ${str(d, 'sku')}`)}). ${NOTHING_CHANGED}`,
  UNKNOWN_MOVEMENT: (d) =>
    d.given !== undefined
      ? `${code(str(d, 'given'))} is not a movement number: use the number shown with the movement, like ${code('#123')}.`
      : `There is no movement ${movementRef(Number(d.movement))} in this workspace.`,
  ALREADY_UNDONE: (d) =>
    `${movementRef(Number(d.movement))} was already undone by ${movementRef(Number(d.undoneBy))}. ${NOTHING_CHANGED}`,
  NOT_UNDOABLE: (d) =>
    `${movementRef(Number(d.movement))} is itself an undo and can't be undone: record a new movement instead. ${NOTHING_CHANGED}`,
  UNDO_WOULD_GO_NEGATIVE: (d) =>
    `Can't undo ${movementRef(Number(d.movement))}: it would take ${num(d, 'needed')} from ${str(d, 'location')}, where only ${num(d, 'available')} are available now. ${NOTHING_CHANGED}`,
  NOT_ALLOWED: (d) =>
    d.movement !== undefined
      ? `Only ${user(String(d.actor))}, who made ${movementRef(Number(d.movement))}, or an admin can undo it. ${NOTHING_CHANGED}`
      : `Only an admin can do that. ${NOTHING_CHANGED}`,
  UNKNOWN_RESERVATION: (d) =>
    d.given !== undefined
      ? `${code(str(d, 'given'))} is not a reservation: use its number, like ${code('R-7')}.`
      : `There is no reservation ${reservationRef(Number(d.reservation))} here. See ${code(`${COMMAND} reservations`)}.`,
  RESERVATION_CLOSED: (d) =>
    `${reservationRef(Number(d.reservation))} is already ${str(d, 'status')}. ${NOTHING_CHANGED}`,
  RESERVATION_MISMATCH: (d) =>
    d.location !== undefined
      ? `${reservationRef(Number(d.reservation))} holds stock at ${str(d, 'location')}: issue it from there. ${NOTHING_CHANGED}`
      : `${reservationRef(Number(d.reservation))} is for a different item. ${NOTHING_CHANGED}`,
  JOB_FAILED: (d) =>
    `I could not apply that after ${num(d, 'deliveries')} attempt${Number(d.deliveries) === 1 ? '' : 's'}, so nothing was changed. The admins were notified (dead letter ${str(d, 'deadLetter')}).`,
  UNKNOWN_DEAD_LETTER: (d) => `There is no dead letter ${str(d, 'id')} here. See ${code(`${COMMAND} dlq`)}.`,
  DEAD_LETTER_RESOLVED: (d) =>
    `Dead letter ${str(d, 'id')} was already ${str(d, 'status')}. ${NOTHING_CHANGED}`,
  DEAD_LETTER_MALFORMED: (d) =>
    `Dead letter ${str(d, 'id')} is not a valid job and cannot be replayed: drop it with ${code(`${COMMAND} dlq drop ${str(d, 'id')}`)}.`,
  QUEUE_MODE_OFF: () => 'Queue mode is off (no AMQP_URL), so there are no dead letters.',
  UNAVAILABLE: () =>
    'The inventory is temporarily unavailable, nothing was changed. Please try again in a minute.',
  NOT_ACCEPTED: () =>
    'Nothing was accepted: I could not save that command right now. Please try again in a minute.',
  INTERNAL: () =>
    'Something went wrong on our side and nothing was changed. The admins can find the details in the logs.',
}

/** One short, actionable sentence (or two) for an error code. */
export function errorText(errorCode: ErrorCode, details: ErrorDetails = {}): string {
  return `${ERROR_MARK} ${ERRORS[errorCode](details)}`
}

export const WORKING_ON_IT = ':hourglass_flowing_sand: Working on it…'
export const STALE_NOTE =
  'The main database is unreachable: this answer comes from a replica and may be a little out of date.'

export const helpText = () =>
  [`*${COMMAND}* — inventory from Slack. Verbs, SKUs and locations are case-insensitive.`]
    .concat(
      Object.values(USAGE).map(
        (u) => `• ${code(`${COMMAND} ${u.syntax}`)} — ${u.about}, e.g. ${code(`${COMMAND} ${u.example}`)}`,
      ),
    )
    .join('\n')

const PAST: Readonly<Record<MovementKind, string>> = {
  receive: 'received',
  issue: 'issued',
  move: 'moved',
  count: 'counted',
  undo: 'undid',
}

const itemName = (item: { sku: string; name: string }) => `${item.sku} ${escapeText(item.name)}`

/** `now 7 on hand at main`, once per location touched. */
const nowOnHand = (m: MovementResult) =>
  m.lines.map((l) => `now ${quantity(l.onHand)} on hand at ${l.location}`).join(', ')

function movementText(m: MovementResult, actor: string): string {
  const who = `${movementRef(m.movement)} ${user(actor)}`
  const what = (() => {
    const [first, second] = m.lines
    switch (m.verb) {
      case 'receive':
        return `received ${quantity(m.quantity)} ${itemName(m.item)} at ${first?.location}`
      case 'issue':
        return `issued ${quantity(m.quantity)} ${itemName(m.item)} from ${first?.location}${m.reservation ? ` for ${reservationRef(m.reservation)}` : ''}`
      case 'move':
        return `moved ${quantity(m.quantity)} ${itemName(m.item)} from ${first?.location} to ${second?.location}`
      case 'count':
        return `counted ${quantity(m.quantity)} ${itemName(m.item)} at ${first?.location} (variance ${signed(first?.delta ?? 0)})`
      case 'undo':
        return `undid ${movementRef(m.undoOf?.movement ?? 0)} (${m.undoOf?.verb} of ${itemName(m.item)})`
    }
  })()
  return `${who} ${what} — ${nowOnHand(m)}${m.note ? ` · “${escapeText(m.note)}”` : ''}`
}

/** The text of a change's reply (also its notification fallback). */
export function changeText(result: ChangeResult, actor: string): string {
  switch (result.kind) {
    case 'movement':
      return movementText(result, actor)
    case 'reservation':
      return `${reservationRef(result.reservation)} ${user(actor)} reserved ${quantity(result.quantity)} ${itemName(result.item)} at ${result.location}${result.ref ? ` for ${escapeText(result.ref)}` : ''} — now ${quantity(result.onHand)} on hand, ${quantity(result.available)} available at ${result.location}. Release it with ${code(`${COMMAND} release ${reservationRef(result.reservation)}`)}.`
    case 'released':
      return `${user(actor)} released ${reservationRef(result.reservation)} (${quantity(result.quantity)} ${itemName(result.item)} at ${result.location}) — now ${quantity(result.onHand)} on hand, ${quantity(result.available)} available at ${result.location}.`
    case 'item': {
      const { item } = result
      const min = item.reorderPoint ? ` (reorder point ${quantity(item.reorderPoint)})` : ''
      const verbs = {
        created: 'created',
        min: 'set the reorder point of',
        renamed: 'renamed',
        archived: 'archived',
        restored: 'restored',
      }
      const detail =
        result.change === 'min'
          ? ` to ${quantity(item.reorderPoint)}`
          : result.change === 'renamed'
            ? ''
            : min
      return `${user(actor)} ${verbs[result.change]} ${itemName(item)}${detail}.`
    }
    case 'location':
      return `${user(actor)} created location ${result.code} (${escapeText(result.name)}).`
  }
}

/** `SKU NAME: N on hand, M available` first, then reserved and per-location detail. */
export function stockText(s: StockResult): string {
  const perLocation = s.levels.map(
    (l) => `${l.location} ${quantity(l.onHand)} on hand (${quantity(l.available)} available)`,
  )
  return [
    `${itemName(s.item)}: ${quantity(s.total.onHand)} on hand, ${quantity(s.total.available)} available`,
    `${quantity(s.total.reserved)} reserved`,
    ...(perLocation.length ? [perLocation.join(', ')] : ['no stock at any location']),
    s.item.reorderPoint ? `reorder point ${quantity(s.item.reorderPoint)}` : 'no reorder point',
    ...(s.item.archived ? ['archived'] : []),
  ].join(' · ')
}

/** The text of a read's reply; lists are summarised, the blocks carry the rows. */
export function readText(result: ReadResult): string {
  switch (result.kind) {
    case 'help':
      return helpText()
    case 'stock':
      return stockText(result)
    case 'find':
      return result.items.length
        ? `${result.items.length} item${result.items.length === 1 ? '' : 's'} matching “${escapeText(result.text)}”: ${result.items.map((i) => i.sku).join(', ')}`
        : `No items match “${escapeText(result.text)}”.`
    case 'low':
      return result.items.length
        ? `${result.items.length} item${result.items.length === 1 ? ' is' : 's are'} at or below the reorder point: ${result.items.map((i) => `${i.sku} (${quantity(i.onHand)}/${quantity(i.reorderPoint)})`).join(', ')}`
        : 'Nothing is at or below its reorder point.'
    case 'history':
      return result.entries.length
        ? `Last ${result.entries.length} movement${result.entries.length === 1 ? '' : 's'} of ${itemName(result.item)}`
        : `${itemName(result.item)} has no movements yet.`
    case 'locations':
      return `Locations: ${result.locations.map((l) => l.code).join(', ')}`
    case 'reservations':
      return result.reservations.length
        ? `${result.reservations.length} open reservation${result.reservations.length === 1 ? '' : 's'}${result.sku ? ` of ${result.sku}` : ''}: ${result.reservations.map((r) => reservationRef(r.reservation)).join(', ')}`
        : `No open reservations${result.sku ? ` of ${result.sku}` : ''}.`
  }
}

/** One history row: when, who, what, why. */
export function historyLine(
  e: {
    movement: number
    verb: MovementKind
    actor: string
    quantity: number
    note?: string
    undoOf?: number
    undoneBy?: number
    lines: readonly { location: string; delta: number; onHand: number }[]
  },
  when: string,
): string {
  const lines = e.lines
    .map((l) => `${signed(l.delta)} at ${l.location} (now ${quantity(l.onHand)})`)
    .join(', ')
  const what =
    e.verb === 'undo' ? `undid ${movementRef(e.undoOf ?? 0)}` : `${PAST[e.verb]} ${quantity(e.quantity)}`
  const undone = e.undoneBy ? ` · undone by ${movementRef(e.undoneBy)}` : ''
  return `*${movementRef(e.movement)}* ${when} ${user(e.actor)} ${what}: ${lines}${e.note ? ` · “${escapeText(e.note)}”` : ''}${undone}`
}

/** The message admins get when a job is dead-lettered. */
export function deadLetterNotice(d: {
  id: number
  teamId: string
  reason: string
  deliveries: number
}): string {
  return `:rotating_light: Dead letter ${d.id} (workspace ${d.teamId}) after ${d.deliveries} attempt${d.deliveries === 1 ? '' : 's'}: ${escapeText(d.reason.slice(0, 300))}. Inspect it with ${code(`${COMMAND} dlq show ${d.id}`)} or \`npm run dlq -- show ${d.id}\`.`
}

/** One dead letter in a list: id, workspace, reason, deliveries, age. */
export function deadLetterLine(d: DeadLetter, nowMs: number): string {
  return `${d.id}  ${d.teamId ?? '-'}  ${d.reason.slice(0, 80)}  ${d.deliveries} deliveries  ${age(nowMs - Date.parse(d.createdAt))}`
}

export function adminText(result: AdminResult, nowMs: number): string {
  switch (result.kind) {
    case 'dead-letters':
      return result.letters.length
        ? [
            `${result.letters.length} dead letter${result.letters.length === 1 ? '' : 's'}:`,
            ...result.letters.map((d) => escapeText(deadLetterLine(d, nowMs))),
          ].join('\n')
        : 'No dead letters.'
    case 'dead-letter': {
      const d = result.letter
      return [
        `Dead letter ${d.id} (${d.status}) · workspace ${d.teamId ?? 'unknown'} · ${d.deliveries} deliveries · ${age(nowMs - Date.parse(d.createdAt))} ago`,
        `Reason: ${escapeText(d.reason)}`,
        `\`\`\`${escapeText(d.payload.slice(0, 2500))}\`\`\``,
      ].join('\n')
    }
    case 'dead-letter-resolved':
      return result.letter.status === 'replayed'
        ? `Dead letter ${result.letter.id} replayed: it is queued again (if it had been applied, nothing changes twice).`
        : `Dead letter ${result.letter.id} dropped.`
  }
}

/** `42s`, `7m`, `3h`, `2d`. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m`
  if (s < 86_400) return `${Math.floor(s / 3600)}h`
  return `${Math.floor(s / 86_400)}d`
}
