/**
 * Helpers for reads that answer in one query: a list query nested as a JSON
 * array in an outer one (the App Home's four lists, an item with its levels).
 * The rows keep their column names, so the same mapper reads them either way.
 */

/** `sql`'s rows as a JSON array (empty, not null, when there are none), in the order `sql` sorts them. */
export const jsonRows = (sql: string) => `(SELECT coalesce(json_agg(x), '[]') FROM (${sql}) AS x)`

/** A timestamp as ISO 8601: a Date from a column, or a string from a JSON row. */
export const iso = (value: Date | string) => new Date(value).toISOString()
