import type {
  AlertNotice,
  ChangeResult,
  MovementResult,
  Reopened,
  RequestSummary,
} from '../../inventory/results.js'
import { escapeText, movementRef, quantity, reservationRef, signed, slackDate, user } from '../format.js'
import { roleChangeText } from './access.js'
import { COMMAND, code, itemName } from './common.js'

export const WORKING_ON_IT = ':hourglass_flowing_sand: Working on it…'

export const requestRef = (n: number) => `REQ-${n}`

/** `now 7 on hand at main`, once per location touched. */
const nowOnHand = (lines: MovementResult['lines']) =>
  lines.map((l) => `now ${quantity(l.onHand)} on hand at ${l.location}`).join(', ')

const noteOf = (note: string | undefined) => (note ? ` · “${escapeText(note)}”` : '')

/** What a movement did, without who or the result: `received 5 WIDGET Blue widget at main`. */
function movementWhat(
  m: Pick<MovementResult, 'verb' | 'quantity' | 'item' | 'lines' | 'reservation' | 'undoOf'>,
): string {
  const [first, second] = m.lines
  switch (m.verb) {
    case 'receive':
      return `received ${quantity(m.quantity)} ${itemName(m.item)} at ${first?.location}`
    case 'issue':
      return `issued ${quantity(m.quantity)} ${itemName(m.item)} from ${first?.location}${m.reservation ? ` for ${reservationRef(m.reservation)}` : ''}`
    case 'move': {
      const from = m.lines.find((l) => l.delta < 0) ?? first
      const to = m.lines.find((l) => l.delta > 0) ?? second
      return `moved ${quantity(m.quantity)} ${itemName(m.item)} from ${from?.location} to ${to?.location}`
    }
    case 'count':
      return `counted ${quantity(m.quantity)} ${itemName(m.item)} at ${first?.location} (variance ${signed(first?.delta ?? 0)})`
    case 'undo':
      return `undid ${movementRef(m.undoOf?.movement ?? 0)} (${m.undoOf?.verb} of ${itemName(m.item)})`
  }
}

/** What an undo re-opened, or could not: ` · REQ-3 re-opened (approved again)`. */
function reopenedText(r: Reopened | undefined): string {
  const said: string[] = []
  if (r?.request) said.push(`${requestRef(r.request.request)} re-opened (approved again)`)
  const held = r?.reservation
  if (held?.reopened)
    said.push(
      `${reservationRef(held.reservation)} re-opened (${quantity(held.quantity)} reserved at ${held.location} again)`,
    )
  else if (held)
    said.push(
      `${reservationRef(held.reservation)} not re-opened: it reserved ${quantity(held.quantity)} at ${held.location}, where only ${quantity(held.available ?? 0)} are available now`,
    )
  return said.map((s) => ` · ${s}`).join('')
}

/** `#12 @alice received 5 WIDGET Blue widget at main — now 7 on hand at main`. */
export function movementText(m: MovementResult, actor: string): string {
  const closes = m.closedRequest ? ` · closes ${requestRef(m.closedRequest.request)}` : ''
  return `${movementRef(m.movement)} ${user(actor)} ${movementWhat(m)} — ${nowOnHand(m.lines)}${noteOf(m.note)}${closes}${reopenedText(m.reopened)}`
}

/** The undone movement's message as it was, now saying who undid it and how. */
export function undoneText(undo: MovementResult, undoneBy: string): string {
  const original = undo.undoOf
  if (!original) return movementText(undo, undoneBy)
  const was = {
    ...undo,
    verb: original.verb,
    movement: original.movement,
    lines: original.lines,
    note: original.note,
    reservation: undo.reopened?.reservation?.reservation,
  }
  return `~${movementRef(original.movement)} ${user(original.actor)} ${movementWhat(was)}~ — undone by ${user(undoneBy)} as ${movementRef(undo.movement)}: ${nowOnHand(undo.lines)}${reopenedText(undo.reopened)}`
}

/** Under a request's message once the receipt that closed it was undone. */
export const requestReopenedNote = (receipt: number, undoneBy: string) =>
  `Re-opened: the receipt ${movementRef(receipt)} was undone by ${user(undoneBy)}.`

export function requestText(r: RequestSummary): string {
  const what = `${requestRef(r.request)}: ${quantity(r.quantity)} ${itemName(r.item)}${r.supplier ? ` from ${escapeText(r.supplier)}` : ''}, requested by ${user(r.requestedBy)}${noteOf(r.note)}`
  switch (r.status) {
    case 'pending':
      return `${what} — waiting for a manager to approve`
    case 'approved':
      return `${what} — approved by ${user(r.decidedBy ?? '')}${r.decidedAt ? ` ${slackDate(r.decidedAt)}` : ''}; receive it with ${code(`${COMMAND} receive ${r.item.sku} ${r.quantity} for ${requestRef(r.request)}`)}`
    case 'rejected':
      return `${what} — rejected by ${user(r.decidedBy ?? '')}${r.decidedAt ? ` ${slackDate(r.decidedAt)}` : ''}`
    case 'received':
      return `${what} — received in ${movementRef(r.receivedMovement ?? 0)}`
  }
}

export function alertText(a: Pick<AlertNotice, 'sku' | 'name' | 'onHand' | 'reorderPoint'>): string {
  return `:warning: Low stock: ${itemName(a)} is at ${quantity(a.onHand)} on hand, reorder point ${quantity(a.reorderPoint)}.`
}

export const ALERT_POST_FAILED = (channelId: string) =>
  `I could not post low-stock alerts in <#${channelId}>: I am not a member there. Invite me with \`/invite @Inventory\` in that channel, or choose another one with ${code(`${COMMAND} alerts #channel`)}.`

export const alertsRoutedHere = (setBy: string, location?: string) =>
  `:bell: Low-stock alerts${location ? ` for ${location}` : ''} will be posted here (set by ${user(setBy)}).`

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
    case 'confirm':
      return `This changes more than ${quantity(result.threshold)} units: ${movementWhat(result.preview)}. Confirm to apply it; nothing changes until then.`
    case 'cancelled':
      return 'Cancelled. Nothing was changed.'
    case 'request':
      return requestText(result.request)
    case 'alert-state':
      return result.change === 'snoozed'
        ? `${alertText(result.item)} Snoozed by ${user(actor)} until ${slackDate(result.until ?? new Date().toISOString())}.`
        : `${alertText(result.item)} ${user(actor)} says it is already ordered.`
    case 'settings-changed':
      return result.defaultRole
        ? `${user(actor)} made ${result.defaultRole} the default role: everyone without a role of their own is one.`
        : `${user(actor)} set this workspace to ask for confirmation above ${quantity(result.confirmAbove ?? 0)} units.`
    case 'role':
      return roleChangeText(result, actor)
    case 'alert-route':
      return result.channelId
        ? `Low-stock alerts${result.location ? ` for ${result.location}` : ''} will go to <#${result.channelId}>.`
        : `Low-stock alerts${result.location ? ` for ${result.location}` : ''} are off.`
  }
}
