import { type AuditEntry, recordAudit } from '../db/repositories/audit.js'
import { findItem, type Item } from '../db/repositories/items.js'
import type { Location } from '../db/repositories/locations.js'
import { findNamedItem, findNamedLocation } from '../db/repositories/names.js'
import type { Tx } from '../db/transaction.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './commands.js'
import { onlyItem, onlyLocation } from './naming.js'
import { rightOf } from './rights.js'
import type { Access } from './roles.js'

/** What a change of several statements runs with: its transaction, and who asked where, with what role. */
export interface ChangeContext {
  readonly tx: Tx
  readonly teamId: string
  readonly enterpriseId?: string | undefined
  readonly userId: string
  readonly requestKey: string
  /** Checked against the change's right before the handler runs (rights.ts). */
  readonly access: Access
  /** ADMIN_USERS: admins whatever a grant says. */
  readonly breakGlass: ReadonlySet<string>
}

/** Records what this change did in the audit trail, in its transaction: by whom, from where, under which key. */
export function audit(
  c: ChangeContext,
  entry: Omit<AuditEntry, 'teamId' | 'enterpriseId' | 'actor' | 'requestKey'>,
): Promise<void> {
  return recordAudit(c.tx, {
    ...entry,
    teamId: c.teamId,
    enterpriseId: c.enterpriseId,
    actor: c.userId,
    requestKey: c.requestKey,
  })
}

/** The item a person named (SKU, name or a clear part); asks (Ambiguous) or refuses UNKNOWN_ITEM otherwise. */
export async function requireNamedItem(c: { tx: Tx; teamId: string }, ref: string): Promise<Item> {
  return onlyItem(await findNamedItem(c.tx, c.teamId, ref)).item
}

/** The location a person named (code, name or a clear part), taken whole; asks or refuses otherwise. */
export async function requireNamedLocation(c: { tx: Tx; teamId: string }, ref: string): Promise<Location> {
  return onlyLocation(await findNamedLocation(c.tx, c.teamId, ref))
}

/**
 * `action` with the location its right depends on (`rightOf`: `alerts … for LOC`) made
 * exact when the words name exactly one, so that a role limited to locations is checked
 * where the change applies, not against the words; otherwise as it is (the handler asks
 * which one, or refuses).
 */
export async function atNamedLocation(
  c: { tx: Tx; teamId: string },
  action: ChangeAction,
): Promise<ChangeAction> {
  const { location } = rightOf(action)
  if (location === undefined || !('location' in action)) return action
  const found = await findNamedLocation(c.tx, c.teamId, location)
  return 'location' in found ? ({ ...action, location: found.location.code } as ChangeAction) : action
}

/** The item with exactly this SKU (from a button or a form). */
export async function requireItem(c: { tx: Tx; teamId: string }, sku: string): Promise<Item> {
  const item = await findItem(c.tx, c.teamId, sku)
  if (!item) throw new RefusedError('UNKNOWN_ITEM', { sku })
  return item
}

/** An item that may still move: archived items keep their history but take no new stock changes. */
export async function requireActiveItem(c: { tx: Tx; teamId: string }, sku: string): Promise<Item> {
  const item = await requireItem(c, sku)
  if (item.archived) throw new RefusedError('ITEM_ARCHIVED', { sku })
  return item
}
