import type { ErrorCode, ErrorDetails } from '../../errors.js'
import { escapeText, movementRef, quantity, reservationRef, user } from '../format.js'
import { needsRole } from './access.js'
import { COMMAND, code, ERROR_MARK, NOTHING_CHANGED } from './common.js'
import { closestNames, createItemHint, createLocationHint } from './names.js'
import { usageLine } from './usage.js'

type Wording = (d: ErrorDetails) => string
const str = (d: ErrorDetails, key: string) => escapeText(String(d[key] ?? ''))
const num = (d: ErrorDetails, key: string) => quantity(Number(d[key] ?? 0))
/** The item a refusal is about: its SKU, and its name when the refusal carries it (what the words resolved to). */
const item = (d: ErrorDetails) =>
  d.name === undefined ? str(d, 'sku') : `${str(d, 'sku')} ${str(d, 'name')}`
const closest = (d: ErrorDetails) => {
  const names = closestNames(d.closest)
  return names ? ` Closest: ${names}.` : ''
}

const ERRORS: Readonly<Record<ErrorCode, Wording>> = {
  USAGE: (d) =>
    d.tooLong
      ? `That text is too long: at most ${num(d, 'tooLong')} characters. ${NOTHING_CHANGED}`
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
  BAD_CHANNEL: (d) =>
    `${code(str(d, 'given'))} is not a channel I can use: pick it with # so Slack sends its id, like ${code(`${COMMAND} alerts #warehouse`)}.`,
  UNKNOWN_ITEM: (d) =>
    `There is no item ${str(d, 'sku')} here.${closest(d)} Create it with ${createItemHint(String(d.sku ?? ''))} or search with ${code(`${COMMAND} find TEXT`)}.`,
  UNKNOWN_LOCATION: (d) =>
    `There is no location ${code(str(d, 'location'))}.${closest(d)} See ${code(`${COMMAND} locations`)}, or create it with ${createLocationHint(String(d.location ?? ''))}. ${NOTHING_CHANGED}`,
  ITEM_EXISTS: (d) =>
    `${str(d, 'sku')} already exists: see ${code(`${COMMAND} stock ${str(d, 'sku')}`)}. ${NOTHING_CHANGED}`,
  LOCATION_EXISTS: (d) => `Location ${code(str(d, 'location'))} already exists. ${NOTHING_CHANGED}`,
  ITEM_ARCHIVED: (d) =>
    `${item(d)} is archived. Restore it first with ${code(`${COMMAND} item ${str(d, 'sku')} restore`)}. ${NOTHING_CHANGED}`,
  SAME_LOCATION: (d) =>
    `Moving from ${code(str(d, 'location'))} to itself changes nothing: name two different locations.`,
  INSUFFICIENT_STOCK: (d) =>
    `Not enough ${item(d)}: only ${num(d, 'available')} available at ${str(d, 'location')} (you asked for ${num(d, 'requested')}). ${NOTHING_CHANGED}`,
  BELOW_RESERVED: (d) =>
    `Can't count ${num(d, 'counted')} ${item(d)} at ${str(d, 'location')}: ${num(d, 'reserved')} are reserved there. Release reservations first (${code(`${COMMAND} reservations ${str(d, 'sku')}`)}). ${NOTHING_CHANGED}`,
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
  NEEDS_ROLE: needsRole,
  LAST_ADMIN: (d) =>
    `${user(String(d.user))} is this workspace’s last admin: make someone else an admin first. ${NOTHING_CHANGED}`,
  BREAK_GLASS_ADMIN: (d) =>
    `${user(String(d.user))} is an admin through ADMIN_USERS, the deployment’s break-glass: change it there. ${NOTHING_CHANGED}`,
  ADMIN_EVERYWHERE: () =>
    `An admin is an admin everywhere: grant ${code('admin')} without ${code('at')}, or ${code('manager')} at those locations. ${NOTHING_CHANGED}`,
  BAD_USER: (d) =>
    `${code(str(d, 'given'))} is not a person: mention them, like ${code(`${COMMAND} role @ana clerk`)}.`,
  BAD_ROLE: (d) =>
    `${code(str(d, 'given'))} is not a role: use viewer, clerk, manager or admin (or none to remove a role).`,
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
  UNKNOWN_REQUEST: (d) =>
    `There is no reorder request REQ-${str(d, 'request')} here. See ${code(`${COMMAND} orders`)}.`,
  REQUEST_NOT_APPROVED: (d) =>
    `REQ-${str(d, 'request')} is ${str(d, 'status')}: only an approved request can be received against. ${NOTHING_CHANGED}`,
  REQUEST_MISMATCH: (d) =>
    `REQ-${str(d, 'request')} is for ${str(d, 'sku')}, not this item. ${NOTHING_CHANGED}`,
  REQUEST_DECIDED: (d) =>
    `REQ-${str(d, 'request')} was already ${str(d, 'status')}${d.by ? ` by ${user(String(d.by))}` : ''}. ${NOTHING_CHANGED}`,
  OWN_REQUEST: (d) =>
    `You asked for REQ-${str(d, 'request')}, so another admin has to decide it. ${NOTHING_CHANGED}`,
  UNKNOWN_PENDING: () => `That change is no longer waiting for confirmation. ${NOTHING_CHANGED}`,
  PENDING_DECIDED: (d) => `That change was already ${str(d, 'status')}. ${NOTHING_CHANGED}`,
  PENDING_EXPIRED: () => `That confirmation expired after an hour: run the command again. ${NOTHING_CHANGED}`,
  NOT_YOURS: (d) => `Only ${user(String(d.user))}, who asked for this change, can confirm or cancel it.`,
  QUESTION_CLOSED: () =>
    `That question is closed (a pick counts for an hour): run the command again. ${NOTHING_CHANGED}`,
  ALERT_CLEARED: (d) =>
    `${str(d, 'sku')} is no longer low: there is nothing to snooze or mark. ${NOTHING_CHANGED}`,
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
  NOT_CONFIRMED: (d) =>
    `I could not confirm that this was accepted, so it may still be applied: check ${code(`${COMMAND} history ${d.sku ? str(d, 'sku') : 'SKU'}`)} before trying again.`,
  NOT_ACCEPTED: () =>
    'Nothing was accepted: I could not save that command right now. Please try again in a minute.',
  // Only in-process mode refuses as busy (queue mode takes any burst into the queue), so it says so.
  BUSY: () =>
    `I'm busy with other changes right now and did not start yours. ${NOTHING_CHANGED} It is safe to try again in a moment; whoever runs the bot can turn on queue mode (AMQP_URL) to absorb bursts like this.`,
  MALFORMED_REQUEST: () =>
    `That button or form sent something I cannot read (it may be on an old message). ${NOTHING_CHANGED} Try ${code(`${COMMAND} help`)}.`,
  INTERNAL: () =>
    'Something went wrong on our side and nothing was changed. The admins can find the details in the logs.',
}

/** One short, actionable sentence (or two) for an error code, marked as an error. */
export function errorText(errorCode: ErrorCode, details: ErrorDetails = {}): string {
  return `${ERROR_MARK} ${errorSentence(errorCode, details)}`
}

/** The same sentence without the mark: under a form's field, where Slack shows it as an error already. */
export function errorSentence(errorCode: ErrorCode, details: ErrorDetails = {}): string {
  return ERRORS[errorCode](details)
}
