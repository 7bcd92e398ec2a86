import { RefusedError } from '../../errors.js'
import type { ItemSummary } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'
import { isUniqueViolation } from './unique.js'

export interface Item {
  readonly id: number
  readonly sku: string
  readonly name: string
  readonly reorderPoint: number
  /** How much to order when it runs low (the reorder modal's default). */
  readonly reorderQuantity: number | null
  readonly unit: string | null
  readonly archived: boolean
}

export interface ItemRow {
  id: number
  sku: string
  name: string
  reorder_point: number
  reorder_quantity: number | null
  unit: string | null
  archived: boolean
}

const COLUMNS = 'id, sku, name, reorder_point, reorder_quantity, unit, archived_at IS NOT NULL AS archived'
/** The item's columns as ItemRow, from items aliased `i` (for queries that join). */
export const ITEM_COLUMNS =
  'i.id, i.sku, i.name, i.reorder_point, i.reorder_quantity, i.unit, i.archived_at IS NOT NULL AS archived'
export const toItem = (r: ItemRow): Item => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  reorderPoint: r.reorder_point,
  reorderQuantity: r.reorder_quantity,
  unit: r.unit,
  archived: r.archived,
})

export async function findItem(db: Queryable, teamId: string, sku: string): Promise<Item | undefined> {
  const { rows } = await db.query<ItemRow>(`SELECT ${COLUMNS} FROM items WHERE team_id = $1 AND sku = $2`, [
    teamId,
    sku,
  ])
  return rows[0] && toItem(rows[0])
}

export async function insertItem(
  db: Queryable,
  item: {
    teamId: string
    sku: string
    name: string
    reorderPoint: number
    reorderQuantity?: number | undefined
    unit?: string | undefined
    createdBy: string
  },
): Promise<Item> {
  try {
    const { rows } = await db.query<ItemRow>(
      `INSERT INTO items (team_id, sku, name, reorder_point, reorder_quantity, unit, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      [
        item.teamId,
        item.sku,
        item.name,
        item.reorderPoint,
        item.reorderQuantity ?? null,
        item.unit ?? null,
        item.createdBy,
      ],
    )
    return toItem(rows[0] as ItemRow)
  } catch (error) {
    if (isUniqueViolation(error, 'items_team_id_sku_key'))
      throw new RefusedError('ITEM_EXISTS', { sku: item.sku })
    throw error
  }
}

export type ItemChange = { reorderPoint: number } | { name: string } | { archived: boolean }

export async function updateItem(
  db: Queryable,
  teamId: string,
  id: number,
  change: ItemChange,
): Promise<Item> {
  const [column, value] =
    'reorderPoint' in change
      ? ['reorder_point = $2', change.reorderPoint]
      : 'name' in change
        ? ['name = $2', change.name]
        : ['archived_at = CASE WHEN $2::boolean THEN now() END', change.archived]
  const { rows } = await db.query<ItemRow>(
    `UPDATE items SET ${column} WHERE id = $1 AND team_id = $3 RETURNING ${COLUMNS}`,
    [id, value, teamId],
  )
  return toItem(rows[0] as ItemRow)
}

export interface SummaryRow {
  sku: string
  name: string
  on_hand: number
  available: number
  reorder_point: number
}
export const toSummary = (r: SummaryRow): ItemSummary => ({
  sku: r.sku,
  name: r.name,
  onHand: r.on_hand,
  available: r.available,
  reorderPoint: r.reorder_point,
})

const SUMMARY = `i.sku, i.name, i.reorder_point,
  coalesce(sum(s.on_hand), 0)::bigint AS on_hand,
  coalesce(sum(s.on_hand - s.reserved), 0)::bigint AS available`

/** Active items whose SKU or name matches `text`, best first; trigram similarity makes it typo-tolerant. */
export async function searchItems(
  db: Queryable,
  teamId: string,
  text: string,
  limit: number,
): Promise<ItemSummary[]> {
  const needle = text.toLowerCase()
  const { rows } = await db.query<SummaryRow>({
    name: 'find_items',
    text: `WITH matches AS (
       SELECT id, greatest(similarity(lower(sku), $2), word_similarity($2, sku || ' ' || lower(name))) AS score,
              strpos(lower(sku) || ' ' || lower(name), $2) > 0 AS contains
       FROM items
       WHERE team_id = $1 AND archived_at IS NULL
         AND ($2 <% (sku || ' ' || lower(name)) OR strpos(lower(sku) || ' ' || lower(name), $2) > 0))
     SELECT ${SUMMARY}
     FROM matches m JOIN items i ON i.id = m.id LEFT JOIN stock_levels s ON s.item_id = i.id
     GROUP BY i.id, m.score, m.contains
     ORDER BY lower(i.sku) = $2 DESC, m.contains DESC, m.score DESC, i.sku
     LIMIT $3`,
    values: [teamId, needle, limit],
  })
  return rows.map(toSummary)
}

/** Active items at or below their reorder point, most urgent first (items with no reorder point set are never low). */
export const lowItemsSql = (team: string, limit: string) => `SELECT ${SUMMARY}
     FROM items i LEFT JOIN stock_levels s ON s.item_id = i.id
     WHERE i.team_id = ${team} AND i.archived_at IS NULL AND i.reorder_point > 0
     GROUP BY i.id
     HAVING coalesce(sum(s.on_hand), 0) <= i.reorder_point
     ORDER BY coalesce(sum(s.on_hand), 0)::numeric / i.reorder_point, i.sku
     LIMIT ${limit}`

export async function lowItems(db: Queryable, teamId: string, limit: number): Promise<ItemSummary[]> {
  const { rows } = await db.query<SummaryRow>({
    name: 'low_items',
    text: lowItemsSql('$1', '$2'),
    values: [teamId, limit],
  })
  return rows.map(toSummary)
}
