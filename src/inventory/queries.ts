import type { Queryable } from '../db/pool.js'
import { alertRoutes } from '../db/repositories/alerts.js'
import { auditRows, listAudit } from '../db/repositories/audit.js'
import { historyRows, stockRows } from '../db/repositories/exports.js'
import { lowItems, searchItems } from '../db/repositories/items.js'
import { listLocations } from '../db/repositories/locations.js'
import { itemHistory } from '../db/repositories/movements.js'
import { findNamedItem } from '../db/repositories/names.js'
import { openReorderRequests, toRequestSummary } from '../db/repositories/reorders.js'
import { openReservations } from '../db/repositories/reservations.js'
import { listGrants } from '../db/repositories/roles.js'
import { stockOf } from '../db/repositories/stock.js'
import { settingsOf } from '../db/repositories/workspaces.js'
import { DEFAULT_LOCATION, type ReadAction } from './commands.js'
import { toCsv } from './csv.js'
import { Ambiguous, onlyItem } from './naming.js'
import type { ChooseResult, ReadResult } from './results.js'
import { accessOf } from './roles.js'

/** Who reads: what they see can depend on their role (a stock card's buttons). */
export interface Reader {
  readonly teamId: string
  readonly userId: string
  readonly who: { readonly breakGlass: boolean; readonly slackAdmin: boolean }
  /** ADMIN_USERS, which `roles` lists. */
  readonly breakGlass: ReadonlySet<string>
}

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
  reader: Reader,
  action: ReadAction,
): Promise<ReadResult | ChooseResult> {
  try {
    return await read(db, reader, action)
  } catch (error) {
    if (error instanceof Ambiguous) return { ...error.choice, read: action }
    throw error
  }
}

async function read(db: Queryable, reader: Reader, action: ReadAction): Promise<ReadResult> {
  const { teamId } = reader
  const named = async (ref: string) => onlyItem(await findNamedItem(db, teamId, ref)).item
  switch (action.verb) {
    case 'help':
      return { kind: 'help' }
    case 'stock': {
      const stock = onlyItem(await stockOf(db, teamId, action.sku, reader.userId))
      const { item, levels } = stock
      const sum = (key: 'onHand' | 'reserved' | 'available') => levels.reduce((total, l) => total + l[key], 0)
      return {
        kind: 'stock',
        item: { sku: item.sku, name: item.name, reorderPoint: item.reorderPoint, archived: item.archived },
        levels,
        total: { onHand: sum('onHand'), reserved: sum('reserved'), available: sum('available') },
        access: accessOf(stock.facts, reader.who),
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
        ...(await settingsOf(db, teamId)),
        routes: (await alertRoutes(db, teamId)).map(({ setBy: _, ...route }) => route),
      }
    case 'roles': {
      const { defaultRole } = await settingsOf(db, teamId)
      const grants = await listGrants(db, teamId)
      return {
        kind: 'roles',
        defaultRole,
        grants: grants.map((g) => ({
          user: g.userId,
          role: g.role,
          ...(g.locations ? { locations: g.locations } : {}),
          grantedBy: g.grantedBy,
          grantedAt: g.grantedAt,
        })),
        breakGlass: [...reader.breakGlass],
      }
    }
    case 'audit': {
      const filter = {
        ...(action.user ? { user: action.user } : {}),
        ...(action.sku ? { sku: await auditSubject(db, teamId, action.sku) } : {}),
        ...(action.denials ? { denials: true } : {}),
      }
      return { kind: 'audit', filter, entries: await listAudit(db, teamId, filter, action.limit) }
    }
    case 'export.audit':
      return auditExport(db, teamId)
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

/**
 * The audit trail's subject for an item named by the words: its SKU (asks which one when
 * they fit several), or the words as typed when they name no item (a denial refused before
 * its words were resolved keeps them so).
 */
async function auditSubject(db: Queryable, teamId: string, ref: string): Promise<string> {
  const found = await findNamedItem(db, teamId, ref)
  return 'closest' in found ? ref : onlyItem(found).item.sku
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

/** The workspace's whole audit trail as CSV, oldest first; sent to the admin who asked, not to the channel. */
async function auditExport(db: Queryable, teamId: string): Promise<ReadResult> {
  const rows = await auditRows(db, teamId)
  const json = (value: unknown) => (value === null ? '' : JSON.stringify(value))
  const csv = toCsv([
    [
      'id',
      'when',
      'workspace',
      'enterprise',
      'who',
      'action',
      'subject',
      'before',
      'after',
      'details',
      'request_key',
    ],
    ...rows.map((r) => [
      r.id,
      r.created_at.toISOString(),
      r.team_id,
      r.enterprise_id,
      r.actor,
      r.action,
      r.subject,
      json(r.before),
      json(r.after),
      json(r.details),
      r.request_key,
    ]),
  ])
  return {
    kind: 'export',
    filename: 'audit.csv',
    title: 'Audit trail',
    csv,
    rows: rows.length,
    private: true,
  }
}
