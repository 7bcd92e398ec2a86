import type { Queryable } from '../db/pool.js'
import {
  ITEM_COLUMNS,
  type ItemRow,
  lowItemsSql,
  type SummaryRow,
  toItem,
  toSummary,
} from '../db/repositories/items.js'
import { jsonRows } from '../db/repositories/lists.js'
import { historySql, toHistoryEntry } from '../db/repositories/movements.js'
import { openRequestsSql, type RequestRow, toRequest } from '../db/repositories/reorders.js'
import { openReservationsSql, toReservationSummary } from '../db/repositories/reservations.js'
import { LEVELS_OF_ITEM, toLevel } from '../db/repositories/stock.js'
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

/** The App Home's four lists in one query ($1 team, $2 user, then each list's limit). */
const HOME = `SELECT
  ${jsonRows(lowItemsSql('$1', '$3'))} AS low,
  ${jsonRows(openRequestsSql('$1', '$4'))} AS requests,
  ${jsonRows(openReservationsSql('$1', 'NULL', '$5', '$2'))} AS reservations,
  ${jsonRows(historySql('m.team_id = $1 AND m.actor = $2', '$6'))} AS movements`

export async function homeSnapshot(
  db: Queryable,
  teamId: string,
  userId: string,
  limits: { low: number; requests: number; reservations: number; movements: number },
): Promise<HomeSnapshot> {
  const { rows } = await db.query<{
    low: SummaryRow[]
    requests: RequestRow[]
    reservations: Parameters<typeof toReservationSummary>[0][]
    movements: Parameters<typeof toHistoryEntry>[0][]
  }>({
    name: 'home_snapshot',
    text: HOME,
    values: [
      teamId,
      userId,
      limits.low + 1,
      limits.requests + 1,
      limits.reservations + 1,
      limits.movements + 1,
    ],
  })
  const row = rows[0]
  if (!row) throw new Error('the App Home query returned no row')
  return {
    low: row.low.map(toSummary),
    requests: row.requests.map((r) => summaryOf(toRequest(r))),
    reservations: row.reservations.map(toReservationSummary),
    movements: row.movements.map(toHistoryEntry),
  }
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
  const { rows } = await db.query<
    ItemRow & { levels: Parameters<typeof toLevel>[0][]; locations: { code: string; name: string }[] }
  >({
    name: 'item_form',
    text: `SELECT ${ITEM_COLUMNS}, ${jsonRows(LEVELS_OF_ITEM)} AS levels,
             ${jsonRows('SELECT l.code, l.name FROM locations l WHERE l.team_id = i.team_id ORDER BY l.code')} AS locations
           FROM items i WHERE i.team_id = $1 AND i.sku = $2`,
    values: [teamId, sku],
  })
  const row = rows[0]
  if (!row) throw new RefusedError('UNKNOWN_ITEM', { sku })
  const item = toItem(row)
  const levels = row.levels.map(toLevel)
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
    locations: row.locations.length ? row.locations : [{ code: DEFAULT_LOCATION, name: 'Main' }],
    bestLocation: best,
  }
}
