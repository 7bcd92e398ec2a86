import type { Level } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

/** Every location holding (or having held) the item, with totals computed by the caller. */
export async function levelsOf(db: Queryable, itemId: number): Promise<Level[]> {
  const { rows } = await db.query<{ code: string; on_hand: number; reserved: number }>(
    `SELECT l.code, s.on_hand, s.reserved FROM stock_levels s JOIN locations l ON l.id = s.location_id
     WHERE s.item_id = $1 AND (s.on_hand > 0 OR s.reserved > 0) ORDER BY l.code`,
    [itemId],
  )
  return rows.map((r) => ({
    location: r.code,
    onHand: r.on_hand,
    reserved: r.reserved,
    available: r.on_hand - r.reserved,
  }))
}

/** The item's total on hand, over every location. */
export async function totalOnHand(db: Queryable, itemId: number): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    'SELECT coalesce(sum(on_hand), 0)::bigint AS total FROM stock_levels WHERE item_id = $1',
    [itemId],
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
