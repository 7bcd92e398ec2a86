import { RefusedError } from '../../errors.js'
import type { Queryable } from '../pool.js'
import { isUniqueViolation } from './unique.js'

export interface Location {
  readonly id: number
  readonly code: string
  readonly name: string
}

export async function findLocation(
  db: Queryable,
  teamId: string,
  code: string,
): Promise<Location | undefined> {
  const { rows } = await db.query<Location>(
    'SELECT id, code, name FROM locations WHERE team_id = $1 AND code = $2',
    [teamId, code],
  )
  return rows[0]
}

export async function insertLocation(
  db: Queryable,
  teamId: string,
  code: string,
  name: string,
): Promise<Location> {
  try {
    const { rows } = await db.query<Location>(
      'INSERT INTO locations (team_id, code, name) VALUES ($1, $2, $3) RETURNING id, code, name',
      [teamId, code, name],
    )
    return rows[0] as Location
  } catch (error) {
    if (isUniqueViolation(error, 'locations_team_id_code_key'))
      throw new RefusedError('LOCATION_EXISTS', { location: code })
    throw error
  }
}

export async function listLocations(db: Queryable, teamId: string): Promise<Location[]> {
  const { rows } = await db.query<Location>(
    'SELECT id, code, name FROM locations WHERE team_id = $1 ORDER BY code',
    [teamId],
  )
  return rows
}

/** The workspace's locations with these codes (those that exist). */
export async function findLocations(
  db: Queryable,
  teamId: string,
  codes: readonly string[],
): Promise<Location[]> {
  const { rows } = await db.query<Location>(
    'SELECT id, code, name FROM locations WHERE team_id = $1 AND code = ANY ($2::text[]) ORDER BY code',
    [teamId, codes],
  )
  return rows
}
