import type { Queryable } from '../db/pool.js'
import { alertRoutes } from '../db/repositories/alerts.js'
import { historyRows, stockRows } from '../db/repositories/exports.js'
import { lowItems, searchItems } from '../db/repositories/items.js'
import { listLocations } from '../db/repositories/locations.js'
import { itemHistory } from '../db/repositories/movements.js'
import { findNamedItem } from '../db/repositories/names.js'
import { openReorderRequests, toRequestSummary } from '../db/repositories/reorders.js'
import { openReservations } from '../db/repositories/reservations.js'
import { stockOf } from '../db/repositories/stock.js'
import { confirmThreshold, DEFAULT_CONFIRM_ABOVE } from '../db/repositories/workspaces.js'
import { DEFAULT_LOCATION, type ReadAction } from './commands.js'
import { toCsv } from './csv.js'
import { Ambiguous, onlyItem } from './naming.js'
import type { ChooseResult, ReadResult } from './results.js'

/** How many rows a list reply shows at most (Slack allows 50 blocks per message). */
export const LIST_LIMIT = 40

/**
 * Answers a read. Reads run outside any transaction, on the primary or its
 * replica; `stock`, `find`, `low` and `history` are one query each, whatever
 * names the item. A name that fits several items asks which one: `read` is the
 * read to run again with the item picked.
 */
export async function answer(
  db: Queryable,
  teamId: string,
  action: ReadAction,
): Promise<ReadResult | ChooseResult> {
  try {
    return await read(db, teamId, action)
  } catch (error) {
    if (error instanceof Ambiguous) return { ...error.choice, read: action }
    throw error
  }
}

async function read(db: Queryable, teamId: string, action: ReadAction): Promise<ReadResult> {
  const named = async (ref: string) => onlyItem(await findNamedItem(db, teamId, ref)).item
  switch (action.verb) {
    case 'help':
      return { kind: 'help' }
    case 'stock': {
      const { item, levels } = onlyItem(await stockOf(db, teamId, action.sku))
      const sum = (key: 'onHand' | 'reserved' | 'available') => levels.reduce((total, l) => total + l[key], 0)
      return {
        kind: 'stock',
        item: { sku: item.sku, name: item.name, reorderPoint: item.reorderPoint, archived: item.archived },
        levels,
        total: { onHand: sum('onHand'), reserved: sum('reserved'), available: sum('available') },
      }
    }
    case 'find':
      return { kind: 'find', text: action.text, items: await searchItems(db, teamId, action.text, 20) }
    case 'low':
      return { kind: 'low', items: await lowItems(db, teamId, LIST_LIMIT) }
    case 'history':
      return { kind: 'history', ...onlyItem(await itemHistory(db, teamId, action.sku, action.limit)) }
    case 'locations': {
      const locations = await listLocations(db, teamId)
      // A workspace that has never made a change has no rows yet, but `main` always exists.
      return {
        kind: 'locations',
        locations: locations.length ? locations : [{ code: DEFAULT_LOCATION, name: 'Main' }],
      }
    }
    case 'orders':
      return {
        kind: 'orders',
        requests: (await openReorderRequests(db, teamId, LIST_LIMIT)).map(toRequestSummary),
      }
    case 'settings':
      return {
        kind: 'settings',
        confirmAbove: (await confirmThreshold(db, teamId)) ?? DEFAULT_CONFIRM_ABOVE,
        routes: (await alertRoutes(db, teamId)).map(({ setBy: _, ...route }) => route),
      }
    case 'export':
      return action.sku ? historyExport(db, teamId, await named(action.sku)) : stockExport(db, teamId)
    case 'reservations': {
      const item = action.sku ? await named(action.sku) : undefined
      return {
        kind: 'reservations',
        ...(item ? { sku: item.sku } : {}),
        reservations: await openReservations(db, teamId, item?.id, LIST_LIMIT),
      }
    }
  }
}

async function stockExport(db: Queryable, teamId: string): Promise<ReadResult> {
  const rows = await stockRows(db, teamId)
  const csv = toCsv([
    ['sku', 'name', 'unit', 'location', 'on_hand', 'reserved', 'available', 'reorder_point', 'archived'],
    ...rows.map((r) => [
      r.sku,
      r.name,
      r.unit,
      r.code,
      r.on_hand,
      r.reserved,
      r.on_hand - r.reserved,
      r.reorder_point,
      r.archived ? 'yes' : '',
    ]),
  ])
  return { kind: 'export', filename: 'stock.csv', title: 'Current stock', csv, rows: rows.length }
}

async function historyExport(
  db: Queryable,
  teamId: string,
  item: { id: number; sku: string },
): Promise<ReadResult> {
  const rows = await historyRows(db, teamId, item.id)
  const csv = toCsv([
    ['movement', 'when', 'who', 'verb', 'quantity', 'location', 'delta', 'on_hand_after', 'note', 'undo_of'],
    ...rows.map((r) => [
      r.number,
      r.created_at.toISOString(),
      r.actor,
      r.kind,
      r.quantity,
      r.code,
      r.delta,
      r.on_hand_after,
      r.note,
      r.undo_of,
    ]),
  ])
  return {
    kind: 'export',
    filename: `history-${item.sku}.csv`,
    title: `Ledger of ${item.sku}`,
    csv,
    rows: rows.length,
  }
}
