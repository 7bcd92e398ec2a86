import type { HistoryEntry, ReadResult, StockResult } from '../../inventory/results.js'
import { escapeText, movementRef, quantity, reservationRef, signed, user } from '../format.js'
import { auditTitle, rolesText } from './access.js'
import { requestRef } from './changes.js'
import { itemName, plural } from './common.js'
import { helpText } from './usage.js'

export const STALE_NOTE =
  'The main database is unreachable: this answer comes from a replica and may be a little out of date.'

const PAST = { receive: 'received', issue: 'issued', move: 'moved', count: 'counted', undo: 'undid' } as const

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
        ? `${plural(result.items.length, 'item')} matching “${escapeText(result.text)}”: ${result.items.map((i) => i.sku).join(', ')}`
        : `No items match “${escapeText(result.text)}”.`
    case 'low':
      return result.items.length
        ? `${result.items.length} item${result.items.length === 1 ? ' is' : 's are'} at or below the reorder point: ${result.items.map((i) => `${i.sku} (${quantity(i.onHand)}/${quantity(i.reorderPoint)})`).join(', ')}`
        : 'Nothing is at or below its reorder point.'
    case 'history':
      return result.entries.length
        ? `Last ${plural(result.entries.length, 'movement')} of ${itemName(result.item)}`.replace(
            /^Last 1 movement/,
            'Last movement',
          )
        : `${itemName(result.item)} has no movements yet.`
    case 'locations':
      return `Locations: ${result.locations.map((l) => l.code).join(', ')}`
    case 'reservations':
      return result.reservations.length
        ? `${plural(result.reservations.length, 'open reservation')}${result.sku ? ` of ${result.sku}` : ''}: ${result.reservations.map((r) => reservationRef(r.reservation)).join(', ')}`
        : `No open reservations${result.sku ? ` of ${result.sku}` : ''}.`
    case 'orders':
      return result.requests.length
        ? `${plural(result.requests.length, 'open reorder request')}: ${result.requests.map((r) => `${requestRef(r.request)} (${r.status})`).join(', ')}`
        : 'No open reorder requests.'
    case 'settings':
      return [
        `Changes above ${quantity(result.confirmAbove)} units ask for confirmation.`,
        `Everyone without a role of their own is a ${result.defaultRole}.`,
        result.routes.length
          ? `Low-stock alerts: ${result.routes.map((r) => `<#${r.channelId}>${r.location ? ` for ${r.location}` : ''}`).join(', ')}.`
          : 'Low-stock alerts are off: route them with `/inventory alerts #channel`.',
      ].join(' ')
    case 'export':
      return result.private
        ? `Sent you ${result.filename} (${plural(result.rows, 'row')}) in a direct message.`
        : `Uploaded ${result.filename} (${plural(result.rows, 'row')}).`
    case 'roles':
      return rolesText(result)
    case 'audit':
      return auditTitle(result)
  }
}

/** One history row: when, who, what, why. */
export function historyLine(e: HistoryEntry, when: string): string {
  const lines = e.lines
    .map((l) => `${signed(l.delta)} at ${l.location} (now ${quantity(l.onHand)})`)
    .join(', ')
  const what =
    e.verb === 'undo' ? `undid ${movementRef(e.undoOf ?? 0)}` : `${PAST[e.verb]} ${quantity(e.quantity)}`
  const undone = e.undoneBy ? ` · undone by ${movementRef(e.undoneBy)}` : ''
  return `*${movementRef(e.movement)}* ${when} ${user(e.actor)} ${what}: ${lines}${e.note ? ` · “${escapeText(e.note)}”` : ''}${undone}`
}
