import type { Level } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

/** A balance at one location. */
export interface Balance {
  readonly onHand: number
  readonly reserved: number
}

interface BalanceRow {
  location_id: number
  on_hand: number
  reserved: number
}
const toBalance = (r: BalanceRow): Balance => ({ onHand: r.on_hand, reserved: r.reserved })
const EMPTY: Balance = { onHand: 0, reserved: 0 }

/** Adds stock (creating the balance row on first receipt). */
export async function addStock(
  db: Queryable,
  teamId: string,
  itemId: number,
  locationId: number,
  quantity: number,
): Promise<Balance> {
  const { rows } = await db.query<BalanceRow>(
    `INSERT INTO stock_levels (team_id, item_id, location_id, on_hand) VALUES ($1, $2, $3, $4)
     ON CONFLICT (item_id, location_id) DO UPDATE SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand
     RETURNING location_id, on_hand, reserved`,
    [teamId, itemId, locationId, quantity],
  )
  return toBalance(rows[0] as BalanceRow)
}

/**
 * Takes `quantity` if that much is available (on hand minus reserved), in one
 * conditional UPDATE: concurrent takes queue on the row lock and each re-checks
 * the condition, so stock never goes below what is reserved. Undefined when refused.
 * `releaseReserved` is also taken off the reservation count (issuing against a reservation).
 */
export async function takeStock(
  db: Queryable,
  itemId: number,
  locationId: number,
  quantity: number,
  releaseReserved = 0,
): Promise<Balance | undefined> {
  const { rows } = await db.query<BalanceRow>(
    `UPDATE stock_levels SET on_hand = on_hand - $3, reserved = reserved - $4
     WHERE item_id = $1 AND location_id = $2 AND on_hand - (reserved - $4) >= $3 AND reserved >= $4
     RETURNING location_id, on_hand, reserved`,
    [itemId, locationId, quantity, releaseReserved],
  )
  return rows[0] && toBalance(rows[0])
}

/** Reserves `quantity` if that much is available; undefined when refused. */
export async function reserveStock(
  db: Queryable,
  itemId: number,
  locationId: number,
  quantity: number,
): Promise<Balance | undefined> {
  const { rows } = await db.query<BalanceRow>(
    `UPDATE stock_levels SET reserved = reserved + $3
     WHERE item_id = $1 AND location_id = $2 AND on_hand - reserved >= $3
     RETURNING location_id, on_hand, reserved`,
    [itemId, locationId, quantity],
  )
  return rows[0] && toBalance(rows[0])
}

export async function unreserveStock(
  db: Queryable,
  itemId: number,
  locationId: number,
  quantity: number,
): Promise<Balance> {
  const { rows } = await db.query<BalanceRow>(
    `UPDATE stock_levels SET reserved = reserved - $3 WHERE item_id = $1 AND location_id = $2
     RETURNING location_id, on_hand, reserved`,
    [itemId, locationId, quantity],
  )
  return toBalance(rows[0] as BalanceRow)
}

export async function balanceAt(db: Queryable, itemId: number, locationId: number): Promise<Balance> {
  const { rows } = await db.query<BalanceRow>(
    'SELECT location_id, on_hand, reserved FROM stock_levels WHERE item_id = $1 AND location_id = $2',
    [itemId, locationId],
  )
  return rows[0] ? toBalance(rows[0]) : EMPTY
}

/**
 * Locks the balances of one item at several locations, always in location id
 * order so that two transactions never wait on each other in a cycle. Missing
 * balance rows are created first (at zero) so that there is a row to lock.
 */
export async function lockBalances(
  db: Queryable,
  teamId: string,
  itemId: number,
  locationIds: readonly number[],
): Promise<Map<number, Balance>> {
  await db.query(
    `INSERT INTO stock_levels (team_id, item_id, location_id)
     SELECT $1, $2, unnest($3::bigint[]) ORDER BY 3 ON CONFLICT DO NOTHING`,
    [teamId, itemId, locationIds],
  )
  const { rows } = await db.query<BalanceRow>(
    `SELECT location_id, on_hand, reserved FROM stock_levels
     WHERE item_id = $1 AND location_id = ANY($2::bigint[]) ORDER BY location_id FOR UPDATE`,
    [itemId, locationIds],
  )
  return new Map(rows.map((r) => [r.location_id, toBalance(r)]))
}

/** Applies signed deltas to locked balances; the CHECK constraints are the backstop against going negative. */
export async function applyDeltas(
  db: Queryable,
  itemId: number,
  deltas: readonly { locationId: number; delta: number }[],
): Promise<Map<number, Balance>> {
  const ordered = [...deltas].sort((a, b) => a.locationId - b.locationId)
  const { rows } = await db.query<BalanceRow>(
    `UPDATE stock_levels s SET on_hand = s.on_hand + d.delta
     FROM unnest($2::bigint[], $3::bigint[]) AS d(location_id, delta)
     WHERE s.item_id = $1 AND s.location_id = d.location_id
     RETURNING s.location_id, s.on_hand, s.reserved`,
    [itemId, ordered.map((d) => d.locationId), ordered.map((d) => d.delta)],
  )
  return new Map(rows.map((r) => [r.location_id, toBalance(r)]))
}

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
