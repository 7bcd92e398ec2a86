import { z } from 'zod'
import { DefaultRole, Role } from './roles.js'

/** Largest quantity a single command may carry. */
export const MAX_QUANTITY = 1_000_000_000
export const DEFAULT_LOCATION = 'main'
export const DEFAULT_HISTORY_LIMIT = 10
export const MAX_HISTORY_LIMIT = 40
export const DEFAULT_AUDIT_LIMIT = 20
export const MAX_AUDIT_LIMIT = 40
/** How many locations a role may be limited to. */
export const MAX_ROLE_LOCATIONS = 20
export const MAX_NOTE_LENGTH = 500
export const MAX_NAME_LENGTH = 200

export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._\-/]{0,39}$/
export const LOCATION_PATTERN = /^[a-z0-9][a-z0-9._-]{0,29}$/
/** A Slack user id (`W…` in Enterprise Grid). */
export const USER_PATTERN = /^[UW][A-Z0-9]{2,29}$/

const sku = z.string().regex(SKU_PATTERN)
/**
 * An item as a person named it: its SKU, its name, or part of either. The
 * database resolves it when the command is applied (an exact SKU first): see
 * `inventory_find_item` and docs/architecture.md, "Naming items and locations".
 */
const item = z.string().trim().min(1).max(MAX_NAME_LENGTH)
const location = z.string().regex(LOCATION_PATTERN)
/**
 * A location as a person named it: its code, its name, or part of either; in
 * double quotes, a phrase taken whole. In a stock change, words after a code
 * or name continue the note. Resolved by the database (`inventory_find_location`).
 */
const place = z
  .string()
  .trim()
  .min(1)
  .max(MAX_NOTE_LENGTH + 2)
const quantity = z.number().int().min(1).max(MAX_QUANTITY)
const number = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
const note = z.string().min(1).max(MAX_NOTE_LENGTH).optional()
const name = z.string().min(1).max(MAX_NAME_LENGTH)
const unit = z.string().min(1).max(20)
const channel = z.string().regex(/^[CGD][A-Z0-9]{2,}$/)
const user = z.string().regex(USER_PATTERN)
/** A change awaiting confirmation. */
const pending = z.uuid()

/** Changes: applied in one transaction under the command's request key. */
export const ChangeAction = z.discriminatedUnion('verb', [
  z.object({
    verb: z.literal('receive'),
    sku: item,
    quantity,
    location: place.optional(),
    /** The approved reorder request (REQ-n) this receipt closes. */
    request: number.optional(),
    note,
  }),
  z.object({
    verb: z.literal('issue'),
    sku: item,
    quantity,
    location: place.optional(),
    reservation: number.optional(),
    note,
  }),
  z.object({ verb: z.literal('move'), sku: item, quantity, from: place, to: place, note }),
  // A stocktake may find nothing: zero is a valid count.
  z.object({
    verb: z.literal('count'),
    sku: item,
    quantity: quantity.or(z.literal(0)),
    location: place.optional(),
    note,
  }),
  z.object({ verb: z.literal('reserve'), sku: item, quantity, location: place.optional(), ref: note }),
  z.object({ verb: z.literal('release'), reservation: number }),
  z.object({ verb: z.literal('undo'), movement: number }),
  z.object({
    verb: z.literal('new'),
    sku,
    name,
    reorderPoint: quantity.or(z.literal(0)).optional(),
    reorderQuantity: quantity.optional(),
    unit: unit.optional(),
  }),
  z.object({ verb: z.literal('item.min'), sku: item, reorderPoint: quantity.or(z.literal(0)) }),
  z.object({ verb: z.literal('item.rename'), sku: item, name }),
  z.object({ verb: z.literal('item.archive'), sku: item }),
  z.object({ verb: z.literal('item.restore'), sku: item }),
  z.object({ verb: z.literal('location.new'), code: location, name: name.optional() }),
  z.object({ verb: z.literal('change.confirm'), pending }),
  /** A pick on "Which one?": the change the question kept, with `pick` (a SKU or location code) where it asked. */
  z.object({ verb: z.literal('change.choose'), question: pending, pick: z.string().min(1).max(40) }),
  z.object({ verb: z.literal('change.cancel'), pending }),
  z.object({ verb: z.literal('settings.confirm'), threshold: z.number().int().min(0).max(MAX_QUANTITY) }),
  z.object({ verb: z.literal('alerts.set'), channel, location: place.optional() }),
  z.object({ verb: z.literal('alerts.off'), location: place.optional() }),
  z.object({ verb: z.literal('alert.snooze'), sku }),
  z.object({ verb: z.literal('alert.ordered'), sku }),
  z.object({ verb: z.literal('request.new'), sku, quantity, supplier: note, note }),
  z.object({ verb: z.literal('request.approve'), request: number }),
  z.object({ verb: z.literal('request.reject'), request: number }),
  /** Grants a role (limited to locations when given), or with `none` removes the grant. */
  z.object({
    verb: z.literal('role.set'),
    user,
    role: Role.or(z.literal('none')),
    locations: z.array(location).min(1).max(MAX_ROLE_LOCATIONS).optional(),
  }),
  z.object({ verb: z.literal('settings.default-role'), role: DefaultRole }),
])
export type ChangeAction = z.infer<typeof ChangeAction>

/** Reads: answered from the database (or its replica) without a request key. */
export const ReadAction = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('help') }),
  z.object({ verb: z.literal('stock'), sku: item }),
  z.object({ verb: z.literal('find'), text: z.string().min(1).max(100) }),
  z.object({ verb: z.literal('low') }),
  z.object({ verb: z.literal('history'), sku: item, limit: z.number().int().min(1).max(MAX_HISTORY_LIMIT) }),
  z.object({ verb: z.literal('locations') }),
  z.object({ verb: z.literal('reservations'), sku: item.optional() }),
  z.object({ verb: z.literal('orders') }),
  z.object({ verb: z.literal('settings') }),
  z.object({ verb: z.literal('export'), sku: item.optional() }),
  z.object({ verb: z.literal('roles') }),
  /** The audit trail, newest first: everything, or what one person did or was given, one item, or denials. */
  z.object({
    verb: z.literal('audit'),
    user: user.optional(),
    sku: item.optional(),
    denials: z.literal(true).optional(),
    limit: z.number().int().min(1).max(MAX_AUDIT_LIMIT),
  }),
  z.object({ verb: z.literal('export.audit') }),
])
export type ReadAction = z.infer<typeof ReadAction>

/** Admin operations, answered by the bot itself (never queued). */
export const AdminAction = z.object({
  verb: z.literal('dlq'),
  op: z.enum(['list', 'show', 'replay', 'drop']),
  id: number.optional(),
})
export type AdminAction = z.infer<typeof AdminAction>

export const Action = z.union([ChangeAction, ReadAction, AdminAction])
export type Action = ChangeAction | ReadAction | AdminAction
export type Verb = Action['verb']

const READ_VERBS: ReadonlySet<string> = new Set(ReadAction.options.map((o) => o.shape.verb.value))
export const isRead = (action: Action): action is ReadAction => READ_VERBS.has(action.verb)
export const isAdmin = (action: Action): action is AdminAction => action.verb === 'dlq'
export const isChange = (action: Action): action is ChangeAction => !isRead(action) && !isAdmin(action)

/**
 * Where a command came from, which decides how its answer is delivered: a slash
 * command answers its asker; a button on a message updates that message; a
 * modal posts to the channel it was opened from (and refreshes the card that
 * opened it); a button on the App Home refreshes the Home; a pick on "Which
 * one?" replaces the question with its answer.
 */
export const Origin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slash') }),
  z.object({ kind: z.literal('message') }),
  z.object({ kind: z.literal('modal'), cardResponseUrl: z.url().optional() }),
  z.object({ kind: z.literal('home') }),
  z.object({ kind: z.literal('question') }),
])
export type Origin = z.infer<typeof Origin>

/** Who asked, where, and how to answer: everything a worker needs to apply and reply. */
export const Command = z.object({
  /** Unique per request (a slash command's trigger_id): the same key is applied once. */
  requestKey: z.string().min(1).max(200),
  /** Follows the command through logs, from ack to worker to reply. */
  requestId: z.string().min(1).max(100),
  teamId: z.string().min(1),
  enterpriseId: z.string().min(1).optional(),
  userId: z.string().min(1),
  channelId: z.string().min(1).optional(),
  responseUrl: z.url().optional(),
  origin: Origin.default({ kind: 'slash' }),
  /**
   * Whether Slack says the person is an owner or admin of their workspace
   * (users.info, looked up by the bot when it accepted the command, cached a
   * few minutes). A worker trusts it: commands reach it only through our broker.
   */
  slackAdmin: z.boolean().optional(),
  action: Action,
})
export type Command = z.infer<typeof Command>
export type ChangeCommand = Command & { action: ChangeAction }
