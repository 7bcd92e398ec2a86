import type { Queryable } from '../pool.js'

/** Records an Events API delivery; false when this event_id was already handled (Slack retried it). */
export async function firstDelivery(
  db: Queryable,
  eventId: string,
  teamId: string | undefined,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO processed_events (event_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [eventId, teamId ?? null],
  )
  return rowCount === 1
}

export async function recordHomeOpened(db: Queryable, teamId: string, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO home_openers (team_id, user_id) VALUES ($1, $2)
     ON CONFLICT (team_id, user_id) DO UPDATE SET opened_at = now()`,
    [teamId, userId],
  )
}

/** Whether this person opened the App Home in the last 30 days. */
export async function opensHome(db: Queryable, teamId: string, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM home_openers WHERE team_id = $1 AND user_id = $2 AND opened_at > now() - interval '30 days'`,
    [teamId, userId],
  )
  return rowCount === 1
}

export async function forgetDelivery(db: Queryable, eventId: string): Promise<void> {
  await db.query('DELETE FROM processed_events WHERE event_id = $1', [eventId])
}
