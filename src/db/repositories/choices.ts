import type { Queryable } from '../pool.js'

/** What a question ("which one?") may be answered with, and what it kept (migration 0015). */
export interface PendingChoice {
  readonly id: string
  readonly userId: string
  /** The change as asked (JSON from the database: checked again before it runs). */
  readonly command: unknown
  readonly field: 'sku' | 'location' | 'from' | 'to'
  /** The SKUs or location codes offered. */
  readonly options: readonly string[]
  /** Asked longer ago than `ttlSeconds`, by the database's clock. */
  readonly expired: boolean
}

/** Keeps a question of a rarer change (a stock change's is kept by `inventory_attempt`); returns its id. */
export async function saveChoice(
  db: Queryable,
  choice: { teamId: string; userId: string; command: object; field: string; options: readonly string[] },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO pending_choices (team_id, user_id, command, field, options)
     VALUES ($1, $2, $3::jsonb, $4, $5::text[]) RETURNING id`,
    [choice.teamId, choice.userId, JSON.stringify(choice.command), choice.field, choice.options],
  )
  return (rows[0] as { id: string }).id
}

/** The question with this id in this workspace, if it is still kept. */
export async function findChoice(
  db: Queryable,
  teamId: string,
  id: string,
  ttlSeconds: number,
): Promise<PendingChoice | undefined> {
  const { rows } = await db.query<{
    id: string
    user_id: string
    command: unknown
    field: PendingChoice['field']
    options: string[]
    expired: boolean
  }>({
    name: 'find_choice',
    text: `SELECT id, user_id, command, field, options, created_at < now() - $3::int * interval '1 second' AS expired
           FROM pending_choices WHERE team_id = $1 AND id = $2::uuid`,
    values: [teamId, id, ttlSeconds],
  })
  const row = rows[0]
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      command: row.command,
      field: row.field,
      options: row.options,
      expired: row.expired,
    }
  )
}
