import { findItem, type Item } from '../db/repositories/items.js'
import { findLocation, type Location } from '../db/repositories/locations.js'
import type { Tx } from '../db/transaction.js'
import { RefusedError } from '../errors.js'
import { DEFAULT_LOCATION } from './commands.js'

/** What a change of several statements runs with: its transaction, and who asked where. */
export interface ChangeContext {
  readonly tx: Tx
  readonly teamId: string
  readonly userId: string
  readonly requestKey: string
  readonly isAdmin: boolean
}

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

export async function requireLocation(
  c: { tx: Tx; teamId: string },
  code = DEFAULT_LOCATION,
): Promise<Location> {
  const location = await findLocation(c.tx, c.teamId, code)
  if (!location) throw new RefusedError('UNKNOWN_LOCATION', { location: code })
  return location
}
