import { distance } from 'fastest-levenshtein'
import { z } from 'zod'
import { InputError } from '../errors.js'
import {
  type Action,
  DEFAULT_AUDIT_LIMIT,
  DEFAULT_HISTORY_LIMIT,
  MAX_AUDIT_LIMIT,
  MAX_HISTORY_LIMIT,
  MAX_NAME_LENGTH,
  MAX_ROLE_LOCATIONS,
  SKU_PATTERN,
  USER_PATTERN,
} from '../inventory/commands.js'
import { DefaultRole, Role } from '../inventory/roles.js'
import { type Token, tokenize } from './tokens.js'
import { Words } from './words.js'

/** Every verb the command understands, with its aliases. */
const VERBS: Readonly<Record<string, string>> = {
  help: 'help',
  new: 'new',
  item: 'item',
  location: 'location',
  locations: 'locations',
  receive: 'receive',
  add: 'receive',
  issue: 'issue',
  remove: 'issue',
  take: 'issue',
  move: 'move',
  count: 'count',
  reserve: 'reserve',
  release: 'release',
  reservations: 'reservations',
  undo: 'undo',
  stock: 'stock',
  find: 'find',
  low: 'low',
  history: 'history',
  orders: 'orders',
  settings: 'settings',
  alerts: 'alerts',
  export: 'export',
  dlq: 'dlq',
  roles: 'roles',
  role: 'role',
  audit: 'audit',
}
export const VERB_NAMES = Object.keys(VERBS)

/**
 * Turns the text of `/inventory …` into an action, or throws an InputError
 * naming what was wrong (the reply adds the usage). Pure: no I/O.
 */
export function parseCommandText(text: string): Action {
  const [head, ...rest] = tokenize(decodeSlackText(text))
  if (head === undefined) return { verb: 'help' }
  const first = head.text
  const verb =
    !head.quoted && Object.hasOwn(VERBS, first.toLowerCase()) ? VERBS[first.toLowerCase()] : undefined
  if (verb === undefined) {
    if (rest.length === 0 && SKU_PATTERN.test(first.toUpperCase()) && !looksLikeVerbTypo(first))
      return { verb: 'stock', sku: first.toUpperCase() }
    throw new InputError('UNKNOWN_VERB', { given: first, ...suggestion(first) })
  }
  return PARSERS[verb]?.(new Words(verb, rest)) ?? { verb: 'help' }
}

/** Slack escapes &, < and > in command text; everything downstream works with what the person typed. */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

const number = (word: string, prefix: RegExp, code: 'UNKNOWN_MOVEMENT' | 'UNKNOWN_RESERVATION'): number => {
  const match = word.replace(prefix, '').match(/^\d{1,15}$/)
  if (!match || Number(match[0]) < 1) throw new InputError(code, { given: word })
  return Number(match[0])
}
const movementNumber = (word: string) => number(word, /^#/, 'UNKNOWN_MOVEMENT')
const reservationNumber = (word: string) => number(word, /^(r-?|#)/i, 'UNKNOWN_RESERVATION')
const RESERVATION_REF = /^R-?\d+$/i
const REQUEST_REF = /^REQ-?\d+$/i
const requestNumber = (word: string) => {
  const value = Number(word.replace(/^req-?/i, ''))
  if (!Number.isSafeInteger(value) || value < 1) throw new InputError('UNKNOWN_REQUEST', { request: word })
  return value
}
/** `<@U123|ana>` (escaped by Slack, with `should_escape`) or `<@U123>` → `U123`. */
const USER_REF = /^<@([UW][A-Z0-9]{2,29})(?:\|[^>]*)?>$/
/** A person: a mention, or their user id as typed. */
function userOf(word: string): string {
  const id = word.match(USER_REF)?.[1] ?? word.toUpperCase()
  if (!USER_PATTERN.test(id)) throw new InputError('BAD_USER', { given: word })
  return id
}
/** `<#C123|general>` (escaped by Slack) or `<#C123>` → `C123`. */
const CHANNEL_REF = /^<#([CGD][A-Z0-9]{2,})(?:\|[^>]*)?>$/

/** `… [min N]` at the end of a name. */
function trailingMin(words: Words): { name: string; reorderPoint?: number } {
  const text = words.remainder(MAX_NAME_LENGTH + ' min 1000000000'.length)
  if (!text) throw words.usage()
  const match = text.match(/^(.*\S)\s+min\s+(\S+)$/i)
  if (!match) return { name: nameOf(words, text) }
  const min = new Words(words.verb, tokenize(match[2] as string)).quantity({ allowZero: true })
  return { name: nameOf(words, match[1] as string), reorderPoint: min }
}

function nameOf(words: Words, name: string): string {
  if (name.length > MAX_NAME_LENGTH)
    throw new InputError('USAGE', { verb: words.verb, tooLong: MAX_NAME_LENGTH })
  return name
}

/** The words after `item ITEM`. */
const ITEM_EDITS: ReadonlySet<string> = new Set(['min', 'rename', 'archive', 'restore'])
/** An item named by every word that is left. */
const none = () => false

const PARSERS: Readonly<Record<string, (w: Words) => Action>> = {
  help: () => ({ verb: 'help' }),
  low: (w) => {
    w.end()
    return { verb: 'low' }
  },
  locations: (w) => {
    w.end()
    return { verb: 'locations' }
  },
  new: (w) => ({ verb: 'new', sku: w.sku(), ...trailingMin(w) }),
  item: (w) => {
    const itemSku = w.item((t) => !t?.quoted && ITEM_EDITS.has(t?.text.toLowerCase() ?? ''))
    const sub = w.next().toLowerCase()
    if (sub === 'min') {
      const reorderPoint = w.quantity({ allowZero: true })
      w.end()
      return { verb: 'item.min', sku: itemSku, reorderPoint }
    }
    if (sub === 'rename') {
      const name = w.remainder(MAX_NAME_LENGTH)
      if (!name) throw w.usage()
      return { verb: 'item.rename', sku: itemSku, name }
    }
    if (sub === 'archive' || sub === 'restore') {
      w.end()
      return { verb: `item.${sub}`, sku: itemSku }
    }
    throw w.usage()
  },
  location: (w) => {
    if (w.next().toLowerCase() !== 'new') throw w.usage()
    const code = w.location(w.next())
    const name = w.remainder(MAX_NAME_LENGTH)
    return { verb: 'location.new', code, ...(name ? { name } : {}) }
  },
  receive: (w) => {
    const { item: itemSku, quantity } = w.itemAndQuantity()
    const { at, ref } = w.placeAndRef(['at'], REQUEST_REF)
    return {
      verb: 'receive',
      sku: itemSku,
      quantity,
      ...locationOf(at),
      ...(ref ? { request: requestNumber(ref) } : {}),
      ...noteOf(w),
    }
  },
  orders: (w) => {
    w.end()
    return { verb: 'orders' }
  },
  settings: (w) => {
    if (w.peek() === undefined) return { verb: 'settings' }
    const setting = w.next().toLowerCase()
    if (setting === 'default-role') {
      const role = DefaultRole.safeParse(w.next().toLowerCase())
      w.end()
      if (!role.success) throw w.usage()
      return { verb: 'settings.default-role', role: role.data }
    }
    if (setting !== 'confirm-above') throw w.usage()
    const threshold = w.quantity({ allowZero: true })
    w.end()
    return { verb: 'settings.confirm', threshold }
  },
  roles: (w) => {
    w.end()
    return { verb: 'roles' }
  },
  role: (w) => {
    const user = userOf(w.next())
    const given = w.next()
    const role = Role.or(z.literal('none')).safeParse(given.toLowerCase())
    if (!role.success) throw new InputError('BAD_ROLE', { given })
    if (w.peek() === undefined) return { verb: 'role.set', user, role: role.data }
    if (w.next().toLowerCase() !== 'at' || role.data === 'none') throw w.usage()
    const codes = (w.remainder() ?? '').split(/[\s,]+/).filter(Boolean)
    if (!codes.length || codes.length > MAX_ROLE_LOCATIONS) throw w.usage()
    const locations = [...new Set(codes.map((code) => w.location(code)))]
    return { verb: 'role.set', user, role: role.data, locations }
  },
  audit: (w) => {
    const filter = auditFilter(w)
    const limit = w.peek() === undefined ? DEFAULT_AUDIT_LIMIT : w.quantity()
    w.end()
    return { verb: 'audit', ...filter, limit: Math.min(limit, MAX_AUDIT_LIMIT) }
  },
  alerts: (w) => {
    if (w.done()) return { verb: 'settings' }
    const first = w.next()
    const location = w.place('for')
    w.end()
    const at = location === undefined ? {} : { location }
    if (first.toLowerCase() === 'off') return { verb: 'alerts.off', ...at }
    const channel = first.match(CHANNEL_REF)?.[1]
    if (!channel) throw new InputError('BAD_CHANNEL', { given: first })
    return { verb: 'alerts.set', channel, ...at }
  },
  export: (w) => {
    if (w.peek() === undefined) return { verb: 'export' }
    const what = w.next().toLowerCase()
    if (what === 'audit') {
      w.end()
      return { verb: 'export.audit' }
    }
    if (what !== 'history') throw w.usage()
    const itemSku = w.item(none)
    w.end()
    return { verb: 'export', sku: itemSku }
  },
  issue: (w) => {
    const { item: itemSku, quantity } = w.itemAndQuantity()
    const { at, ref } = w.placeAndRef(['from', 'at'], RESERVATION_REF)
    return {
      verb: 'issue',
      sku: itemSku,
      quantity,
      ...locationOf(at),
      ...(ref ? { reservation: reservationNumber(ref) } : {}),
      ...noteOf(w),
    }
  },
  move: (w) => {
    const { item: itemSku, quantity } = w.itemAndQuantity()
    let from = w.place('from')
    const to = w.place('to')
    from ??= w.place('from')
    if (!from || !to) throw w.usage()
    return { verb: 'move', sku: itemSku, quantity, from, to, ...noteOf(w) }
  },
  count: (w) => {
    const { item: itemSku, quantity } = w.itemAndQuantity({ allowZero: true })
    const at = w.place('at')
    return { verb: 'count', sku: itemSku, quantity, ...locationOf(at), ...noteOf(w) }
  },
  reserve: (w) => {
    const { item: itemSku, quantity } = w.itemAndQuantity()
    const at = w.place('at', 'from')
    if (w.peekWord() === 'for') w.next()
    const ref = w.remainder()
    return { verb: 'reserve', sku: itemSku, quantity, ...locationOf(at), ...(ref ? { ref } : {}) }
  },
  release: (w) => {
    const reservation = reservationNumber(w.next())
    w.end()
    return { verb: 'release', reservation }
  },
  reservations: (w) => {
    const itemSku = w.done() ? undefined : w.item(none)
    return { verb: 'reservations', ...(itemSku ? { sku: itemSku } : {}) }
  },
  undo: (w) => {
    const movement = movementNumber(w.next())
    w.end()
    return { verb: 'undo', movement }
  },
  stock: (w) => {
    const itemSku = w.item(none)
    w.end()
    return { verb: 'stock', sku: itemSku }
  },
  find: (w) => {
    const text = w.remainder()
    if (!text) throw w.usage()
    return { verb: 'find', text: text.slice(0, 100) }
  },
  dlq: (w) => {
    const op = (w.peek()?.text ?? 'list').toLowerCase()
    if (op === 'list') return { verb: 'dlq', op: 'list' }
    if (op !== 'show' && op !== 'replay' && op !== 'drop') throw w.usage()
    w.next()
    const id = Number(w.next())
    if (!Number.isSafeInteger(id) || id < 1) throw w.usage()
    w.end()
    return { verb: 'dlq', op, id }
  },
  history: (w) => {
    const itemSku = w.item(countAfter(w))
    const limit = w.done() ? DEFAULT_HISTORY_LIMIT : w.quantity()
    w.end()
    return { verb: 'history', sku: itemSku, limit: Math.min(limit, MAX_HISTORY_LIMIT) }
  },
}

/** `ITEM [N]`: a last word that is a number is the count, unless it is all there is. */
function countAfter(w: Words): (token: Token) => boolean {
  const last = w.left() > 1 ? w.peek(w.left() - 1) : undefined
  const counted = last !== undefined && !last.quoted && /^\d+$/.test(last.text)
  return (token) => counted && token === last
}

/** `audit`'s first word: nothing (or a number), `denials`, a person, or an item (SKU, name or part). */
function auditFilter(w: Words): { denials?: true; user?: string; sku?: string } {
  const first = w.peek()?.text ?? ''
  if (/^\d*$/.test(first)) return {}
  if (first.toLowerCase() === 'denials') {
    w.next()
    return { denials: true }
  }
  if (USER_REF.test(first)) return { user: userOf(w.next()) }
  return { sku: w.item(countAfter(w)) }
}

const locationOf = (place: string | undefined) => (place === undefined ? {} : { location: place })
const noteOf = (w: Words) => {
  const note = w.remainder()
  return note ? { note } : {}
}

function looksLikeVerbTypo(word: string): boolean {
  return suggestion(word).suggestion !== undefined
}

/** The closest verb to a mistyped one (edit distance ≤ 2, words of four letters or more). */
function suggestion(word: string): { suggestion?: string } {
  const lower = word.toLowerCase()
  if (lower.length < 4) return {}
  const best = VERB_NAMES.map((verb) => ({ verb, distance: distance(lower, verb) })).sort(
    (a, b) => a.distance - b.distance,
  )[0]
  return best && best.distance <= 2 ? { suggestion: best.verb } : {}
}
