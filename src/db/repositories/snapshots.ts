import { RefusedError } from '../../errors.js'
import { DEFAULT_LOCATION } from '../../inventory/commands.js'
import type { HomeLimits, HomeSnapshot, ItemForm } from '../../inventory/results.js'
import type { RoleFacts } from '../../inventory/roles.js'
import type { Queryable } from '../pool.js'
import { ITEM_COLUMNS, type ItemRow, lowItemsSql, type SummaryRow, toItem, toSummary } from './items.js'
import { jsonRows } from './lists.js'
import { historySql, toHistoryEntry } from './movements.js'
import { openRequestsSql, type RequestRow, toRequest, toRequestSummary } from './reorders.js'
import { openReservationsSql, toReservationSummary } from './reservations.js'
import { roleFactsSql, toRoleFacts } from './roles.js'
import { LEVELS_OF_ITEM, toLevel } from './stock.js'

/** The App Home's four lists and the person's role in one query ($1 team, $2 user, then each list's limit). */
const HOME = `SELECT
  ${roleFactsSql('$1', '$2')} AS facts,
  ${jsonRows(lowItemsSql('$1', '$3'))} AS low,
  ${jsonRows(openRequestsSql('$1', '$4'))} AS requests,
  ${jsonRows(openReservationsSql('$1', 'NULL', '$5', '$2'))} AS reservations,
  ${jsonRows(historySql('m.team_id = $1 AND m.actor = $2', '$6'))} AS movements`

/** One person's App Home and what is known of their role, in one query. */
export async function homeSnapshot(
  db: Queryable,
  teamId: string,
  userId: string,
  limits: HomeLimits,
): Promise<Omit<HomeSnapshot, 'access'> & { facts: RoleFacts }> {
  const { rows } = await db.query<{
    facts: unknown
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
    facts: toRoleFacts(row.facts),
    low: row.low.map(toSummary),
    requests: row.requests.map((r) => toRequestSummary(toRequest(r))),
    reservations: row.reservations.map(toReservationSummary),
    movements: row.movements.map(toHistoryEntry),
  }
}

/**
 * The item, its stock, the workspace's locations and what is known of the
 * asker's role, in one query; refuses UNKNOWN_ITEM.
 */
export async function itemForm(
  db: Queryable,
  teamId: string,
  userId: string,
  sku: string,
): Promise<Omit<ItemForm, 'access'> & { facts: RoleFacts }> {
  const { rows } = await db.query<
    ItemRow & {
      levels: Parameters<typeof toLevel>[0][]
      locations: { code: string; name: string }[]
      facts: unknown
    }
  >({
    name: 'item_form',
    text: `SELECT ${ITEM_COLUMNS}, ${jsonRows(LEVELS_OF_ITEM)} AS levels,
             ${jsonRows('SELECT l.code, l.name FROM locations l WHERE l.team_id = i.team_id ORDER BY l.code')} AS locations,
             ${roleFactsSql('$1', '$3')} AS facts
           FROM items i WHERE i.team_id = $1 AND i.sku = $2`,
    values: [teamId, sku, userId],
  })
  const row = rows[0]
  if (!row) throw new RefusedError('UNKNOWN_ITEM', { sku })
  const item = toItem(row)
  const levels = row.levels.map(toLevel)
  const best = [...levels].sort((a, b) => b.available - a.available)[0]?.location ?? DEFAULT_LOCATION
  return {
    facts: toRoleFacts(row.facts),
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
