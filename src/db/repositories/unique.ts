import type { DatabaseError } from 'pg'

/** True when `error` is a unique violation of the named constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as Partial<DatabaseError>
  return e?.code === '23505' && e.constraint === constraint
}
