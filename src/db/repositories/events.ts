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
