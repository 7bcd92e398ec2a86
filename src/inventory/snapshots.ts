import type { Queryable } from '../db/pool.js'
import { findItem, lowItems } from '../db/repositories/items.js'
import { listLocations } from '../db/repositories/locations.js'
import { movementsBy } from '../db/repositories/movements.js'
import { openReorderRequests } from '../db/repositories/reorders.js'
import { openReservations } from '../db/repositories/reservations.js'
import { levelsOf } from '../db/repositories/stock.js'
import { RefusedError } from '../errors.js'
import { DEFAULT_LOCATION } from './actions.js'
import { summaryOf } from './reorders.js'
import type { HistoryEntry, ItemSummary, Level, RequestSummary, ReservationSummary } from './results.js'

/** What the App Home shows one person; each list holds one row more than asked when there are more. */
export interface HomeSnapshot {
  readonly low: readonly ItemSummary[]
  readonly requests: readonly RequestSummary[]
  readonly reservations: readonly ReservationSummary[]
  readonly movements: readonly (HistoryEntry & { readonly sku: string })[]
}

export async function homeSnapshot(
  db: Queryable,
  teamId: string,
  userId: string,
  limits: { low: number; requests: number; reservations: number; movements: number },
): Promise<HomeSnapshot> {
  const [low, requests, reservations, movements] = await Promise.all([
    lowItems(db, teamId, limits.low + 1),
    openReorderRequests(db, teamId, limits.requests + 1),
    openReservations(db, teamId, undefined, limits.reservations + 1, userId),
    movementsBy(db, teamId, userId, limits.movements + 1),
  ])
  return { low, requests: requests.map(summaryOf), reservations, movements }
}

/** What a form about one item needs: the item, its stock per location, and the workspace's locations. */
export interface ItemForm {
  readonly item: {
    readonly sku: string
    readonly name: string
    readonly onHand: number
    readonly available: number
    readonly reorderPoint: number
    readonly reorderQuantity: number | null
    readonly archived: boolean
  }
  readonly levels: readonly Level[]
  readonly locations: readonly { code: string; name: string }[]
  /** Where the item has the most available: the form's default location. */
  readonly bestLocation: string
}

export async function itemForm(db: Queryable, teamId: string, sku: string): Promise<ItemForm> {
  const item = await findItem(db, teamId, sku)
  if (!item) throw new RefusedError('UNKNOWN_ITEM', { sku })
  const [levels, locations] = await Promise.all([levelsOf(db, item.id), listLocations(db, teamId)])
  const best = [...levels].sort((a, b) => b.available - a.available)[0]?.location ?? DEFAULT_LOCATION
  return {
    item: {
      sku: item.sku,
      name: item.name,
      onHand: levels.reduce((n, l) => n + l.onHand, 0),
      available: levels.reduce((n, l) => n + l.available, 0),
      reorderPoint: item.reorderPoint,
      reorderQuantity: item.reorderQuantity,
      archived: item.archived,
    },
    levels,
    locations: locations.length ? locations : [{ code: DEFAULT_LOCATION, name: 'Main' }],
    bestLocation: best,
  }
}
