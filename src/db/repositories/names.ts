import type { ItemChoice, ItemRef, LocationChoice } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'
import { ITEM_COLUMNS, type Item, type ItemRow, toItem } from './items.js'
import type { Location } from './locations.js'

/**
 * What a reference came to when it did not name exactly one item or location
 * (`inventory_find_item` / `inventory_find_location`, migration 0012): several
 * to choose from, or none plausible and the closest names (maybe none).
 */
export type Unnamed<Choice, Closest> =
  | { readonly given: string; readonly options: readonly Choice[] }
  | { readonly given: string; readonly closest: readonly Closest[] }

export type ItemUnnamed = Unnamed<ItemChoice, ItemRef>
export type ItemNamed = { readonly item: Item } | ItemUnnamed
export type LocationNamed =
  | { readonly location: Location }
  | Unnamed<LocationChoice, { code: string; name: string }>

/** The JSON of `inventory_find_item` (or its location twin) when it did not name one. */
export function toUnnamed<C, N>(found: Record<string, unknown>): Unnamed<C, N> {
  const given = String(found.given ?? '')
  return Array.isArray(found.options)
    ? { given, options: found.options as C[] }
    : { given, closest: (found.closest ?? []) as N[] }
}

/** The item a person named (an exact SKU first), in one query. */
export async function findNamedItem(db: Queryable, teamId: string, ref: string): Promise<ItemNamed> {
  const { rows } = await db.query<Partial<ItemRow> & { found: Record<string, unknown> }>({
    name: 'find_named_item',
    text: `SELECT f.found, ${ITEM_COLUMNS}
           FROM (SELECT inventory_find_item($1, $2) AS found) f
           LEFT JOIN items i ON i.team_id = $1 AND i.id = (f.found->>'id')::bigint`,
    values: [teamId, ref],
  })
  const row = rows[0] as ItemRow & { found: Record<string, unknown> }
  return row.id ? { item: toItem(row) } : toUnnamed<ItemChoice, ItemRef>(row.found)
}

/** The location a person named, taken whole (no note follows it), in one query. */
export async function findNamedLocation(db: Queryable, teamId: string, ref: string): Promise<LocationNamed> {
  const { rows } = await db.query<{
    found: Record<string, unknown>
    id: number | null
    code: string
    name: string
  }>({
    name: 'find_named_location',
    text: `SELECT f.found, l.id, l.code, l.name
           FROM (SELECT inventory_find_location($1, '"' || $2 || '"') AS found) f
           LEFT JOIN locations l ON l.team_id = $1 AND l.id = (f.found->>'id')::bigint`,
    values: [teamId, ref.replace(/^"(.*)"$/, '$1')],
  })
  const row = rows[0] as { found: Record<string, unknown>; id: number | null; code: string; name: string }
  return row.id ? { location: { id: row.id, code: row.code, name: row.name } } : toUnnamed(row.found)
}
