import type { ItemChoice, ItemRef, Level } from '../../inventory/results.js'
import type { RoleFacts } from '../../inventory/roles.js'
import type { Queryable } from '../pool.js'
import { ITEM_COLUMNS, type Item, type ItemRow, toItem } from './items.js'
import { jsonRows } from './lists.js'
import { type ItemUnnamed, toUnnamed } from './names.js'
import { roleFactsSql, toRoleFacts } from './roles.js'

interface LevelRow {
  location: string
  on_hand: number
  reserved: number
}
export const toLevel = (r: LevelRow): Level => ({
  location: r.location,
  onHand: r.on_hand,
  reserved: r.reserved,
  available: r.on_hand - r.reserved,
})

/** Every location holding (or having held) the item aliased `i`, by location code: a list for jsonRows. */
export const LEVELS_OF_ITEM = `SELECT l.code AS location, s.on_hand, s.reserved
  FROM stock_levels s JOIN locations l ON l.id = s.location_id
  WHERE s.item_id = i.id AND (s.on_hand > 0 OR s.reserved > 0) ORDER BY l.code`

/**
 * The item a person named (its SKU, its name, or a clear part: see
 * `inventory_find_item`) with its stock per location, and what is known of the
 * asker's role (the card shows them only the buttons they can use), in one
 * query; what the reference came to instead when it did not name one item.
 */
export async function stockOf(
  db: Queryable,
  teamId: string,
  ref: string,
  userId: string,
): Promise<{ item: Item; levels: Level[]; facts: RoleFacts } | ItemUnnamed> {
  type Row = ItemRow & { levels: LevelRow[]; found: Record<string, unknown>; facts: unknown }
  const { rows } = await db.query<Row>({
    name: 'stock_of',
    text: `SELECT f.found, ${ITEM_COLUMNS}, ${jsonRows(LEVELS_OF_ITEM)} AS levels, ${roleFactsSql('$1', '$3')} AS facts
           FROM (SELECT inventory_find_item($1, $2) AS found) f
           LEFT JOIN items i ON i.team_id = $1 AND i.id = (f.found->>'id')::bigint`,
    values: [teamId, ref, userId],
  })
  const row = rows[0] as Row
  return row.id
    ? { item: toItem(row), levels: row.levels.map(toLevel), facts: toRoleFacts(row.facts) }
    : toUnnamed<ItemChoice, ItemRef>(row.found)
}

/** The item's total on hand, over every location. */
export async function totalOnHand(db: Queryable, teamId: string, itemId: number): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    'SELECT coalesce(sum(on_hand), 0)::bigint AS total FROM stock_levels WHERE team_id = $1 AND item_id = $2',
    [teamId, itemId],
  )
  return rows[0]?.total ?? 0
}

/** Locks every existing balance of these items, in (item, location) order: a bulk change takes its locks up front. */
export async function lockItemBalances(
  db: Queryable,
  teamId: string,
  skus: readonly string[],
): Promise<void> {
  await db.query(
    `SELECT 1 FROM stock_levels s JOIN items i ON i.id = s.item_id
     WHERE i.team_id = $1 AND i.sku = ANY($2::text[])
     ORDER BY s.item_id, s.location_id FOR UPDATE OF s`,
    [teamId, skus],
  )
}
