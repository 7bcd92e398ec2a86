import { type Role, RoleFacts } from '../../inventory/roles.js'
import type { Queryable } from '../pool.js'
import { iso } from './lists.js'

/**
 * What is known about one person's role, as one JSON value (RoleFacts): the
 * workspace's default role and their grant, with its location codes. An SQL
 * expression over the placeholders `team` and `user`, so that a read can carry
 * it in its own single query.
 */
export const roleFactsSql = (team: string, user: string) => `(SELECT json_build_object(
  'defaultRole', coalesce((SELECT w.default_role FROM workspaces w WHERE w.team_id = ${team}), 'clerk'),
  'grant', (SELECT json_build_object('role', r.role, 'locations',
                (SELECT json_agg(l.code ORDER BY l.code) FROM locations l WHERE l.id = ANY (r.location_ids)))
            FROM roles r WHERE r.team_id = ${team} AND r.user_id = ${user})))`

/** Parses roleFactsSql's JSON where it leaves db/. */
export const toRoleFacts = (json: unknown): RoleFacts => RoleFacts.parse(json)

export async function roleFacts(db: Queryable, teamId: string, userId: string): Promise<RoleFacts> {
  const { rows } = await db.query<{ facts: unknown }>({
    name: 'role_facts',
    text: `SELECT ${roleFactsSql('$1', '$2')} AS facts`,
    values: [teamId, userId],
  })
  return toRoleFacts(rows[0]?.facts)
}

/** One person's grant. */
export interface RoleGrant {
  readonly userId: string
  readonly role: Role
  /** Location codes it is limited to; null: everywhere. */
  readonly locations: readonly string[] | null
  readonly grantedBy: string
  readonly grantedAt: string
}

interface GrantRow {
  user_id: string
  role: Role
  locations: string[] | null
  granted_by: string
  granted_at: Date
}
const toGrant = (r: GrantRow): RoleGrant => ({
  userId: r.user_id,
  role: r.role,
  locations: r.locations,
  grantedBy: r.granted_by,
  grantedAt: iso(r.granted_at),
})
const GRANT_COLUMNS = `r.user_id, r.role, r.granted_by, r.granted_at,
  (SELECT array_agg(l.code ORDER BY l.code) FROM locations l WHERE l.id = ANY (r.location_ids)) AS locations`

/** Every grant of the workspace, admins first, then by role and person. */
export async function listGrants(db: Queryable, teamId: string): Promise<RoleGrant[]> {
  const { rows } = await db.query<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM roles r WHERE r.team_id = $1
     ORDER BY array_position(ARRAY['admin', 'manager', 'clerk', 'viewer'], r.role), r.user_id`,
    [teamId],
  )
  return rows.map(toGrant)
}

/**
 * Locks the person's grant and every admin grant of the workspace (in one
 * order: by person), so that two admins demoting each other at once cannot
 * leave the workspace without one. Returns the person's grant and the admins.
 */
export async function lockGrantsForChange(
  db: Queryable,
  teamId: string,
  userId: string,
): Promise<{ grant: RoleGrant | undefined; admins: string[] }> {
  const { rows } = await db.query<GrantRow>(
    `SELECT ${GRANT_COLUMNS} FROM roles r
     WHERE r.team_id = $1 AND (r.role = 'admin' OR r.user_id = $2)
     ORDER BY r.user_id FOR UPDATE OF r`,
    [teamId, userId],
  )
  const grants = rows.map(toGrant)
  return {
    grant: grants.find((g) => g.userId === userId),
    admins: grants.filter((g) => g.role === 'admin').map((g) => g.userId),
  }
}

export async function putGrant(
  db: Queryable,
  grant: { teamId: string; userId: string; role: Role; locationIds: readonly number[] | null; by: string },
): Promise<void> {
  await db.query(
    `INSERT INTO roles (team_id, user_id, role, location_ids, granted_by) VALUES ($1, $2, $3, $4::bigint[], $5)
     ON CONFLICT (team_id, user_id) DO UPDATE
       SET role = EXCLUDED.role, location_ids = EXCLUDED.location_ids,
           granted_by = EXCLUDED.granted_by, granted_at = now()`,
    [grant.teamId, grant.userId, grant.role, grant.locationIds, grant.by],
  )
}

export async function removeGrant(db: Queryable, teamId: string, userId: string): Promise<void> {
  await db.query('DELETE FROM roles WHERE team_id = $1 AND user_id = $2', [teamId, userId])
}

/** Who can grant roles, to name in a denial: the workspace's first admins by grant (Slack's own admins can too). */
export async function grantersOf(db: Queryable, teamId: string, limit = 3): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT user_id FROM roles WHERE team_id = $1 AND role = 'admin' ORDER BY granted_at, user_id LIMIT $2`,
    [teamId, limit],
  )
  return rows.map((r) => r.user_id)
}
