import type { Queryable } from '../pool.js'

/**
 * Every table that holds a workspace's data, in an order its foreign keys
 * allow. A new table with a `team_id` belongs here, or in KEPT_TABLES (a test
 * checks that every such table is in one of them).
 */
export const PURGED_TABLES = [
  'movement_lines',
  'stock_levels',
  'item_alerts',
  'reservations',
  'reorder_requests',
  'alert_routes',
  'pending_changes',
  'pending_choices',
  'roles',
  'movements',
  'items',
  'locations',
  'requests',
  'processed_events',
  'home_openers',
  'outbox',
  'dead_letters',
  'installations',
  'workspaces',
] as const

/** Tables with a `team_id` that a purge leaves alone: the audit trail outlives the workspace (and records the purge). */
export const KEPT_TABLES = ['audit_log'] as const

export type PurgeReport = Record<(typeof PURGED_TABLES)[number], number>

/**
 * Deletes every row of workspace `teamId` (its ledger too: the transaction
 * says it is purging, which the append-only triggers allow for deletes, never
 * for the audit trail) and its number sequences. Run it inside a transaction,
 * with the audit entry that records it.
 */
export async function purgeWorkspaceRows(tx: Queryable, teamId: string): Promise<PurgeReport> {
  await tx.query(`SELECT set_config('inventory.purging', 'on', true)`)
  await tx.query('SELECT inventory_drop_workspace_sequences($1)', [teamId])
  const report = {} as PurgeReport
  for (const table of PURGED_TABLES) {
    // `table` comes from the constant list above, never from input.
    const { rowCount } = await tx.query(`DELETE FROM ${table} WHERE team_id = $1`, [teamId])
    report[table] = rowCount ?? 0
  }
  await tx.query(`SELECT set_config('inventory.purging', 'off', true)`)
  return report
}
