import type pg from 'pg'
import { expect } from 'vitest'

/** Each balance beside the sum of its ledger lines: item_id, location_id, on_hand, reserved, ledger. */
export const LEDGER_BALANCE_SQL = `
    SELECT s.item_id, s.location_id, s.on_hand, s.reserved, coalesce(sum(ml.delta), 0)::bigint AS ledger
    FROM stock_levels s
    LEFT JOIN movement_lines ml ON ml.item_id = s.item_id AND ml.location_id = s.location_id
    GROUP BY s.item_id, s.location_id, s.on_hand, s.reserved`

/**
 * The ledger is the truth: for every item and location, on hand equals the sum
 * of its ledger lines, and 0 ≤ reserved ≤ on hand.
 */
export async function expectLedgerBalanced(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query(LEDGER_BALANCE_SQL)
  for (const row of rows) {
    expect(Number(row.on_hand), `item ${row.item_id} at location ${row.location_id}`).toBe(Number(row.ledger))
    expect(Number(row.reserved)).toBeGreaterThanOrEqual(0)
    expect(Number(row.reserved)).toBeLessThanOrEqual(Number(row.on_hand))
  }
}

export async function movementCount(pool: pg.Pool, teamId = 'T0001'): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM movements WHERE team_id = $1', [teamId])
  return rows[0].n
}
