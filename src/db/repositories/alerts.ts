import type { AlertNotice } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

export interface AlertRoute {
  readonly channelId: string
  readonly location?: string
  readonly setBy: string
}

/** Routes alerts for one location (or, without one, the whole workspace) to a channel. */
export async function setAlertRoute(
  db: Queryable,
  r: { teamId: string; locationId: number | null; channelId: string; setBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO alert_routes (team_id, location_id, channel_id, set_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (team_id, coalesce(location_id, 0))
     DO UPDATE SET channel_id = EXCLUDED.channel_id, set_by = EXCLUDED.set_by, set_at = now()`,
    [r.teamId, r.locationId, r.channelId, r.setBy],
  )
}

export async function removeAlertRoute(
  db: Queryable,
  teamId: string,
  locationId: number | null,
): Promise<void> {
  await db.query(
    'DELETE FROM alert_routes WHERE team_id = $1 AND coalesce(location_id, 0) = coalesce($2, 0)',
    [teamId, locationId],
  )
}

export async function alertRoutes(db: Queryable, teamId: string): Promise<AlertRoute[]> {
  const { rows } = await db.query<{ channel_id: string; code: string | null; set_by: string }>(
    `SELECT r.channel_id, l.code, r.set_by FROM alert_routes r LEFT JOIN locations l ON l.id = r.location_id
     WHERE r.team_id = $1 ORDER BY l.code NULLS FIRST`,
    [teamId],
  )
  return rows.map((r) => ({
    channelId: r.channel_id,
    setBy: r.set_by,
    ...(r.code ? { location: r.code } : {}),
  }))
}

/**
 * After a change to an item (outside the one-statement path: a new reorder
 * point, an import): the database function `inventory_alert` (migration 0006)
 * marks it alerted when it is now low (the notice to post) or re-arms it when
 * it is back above its reorder point.
 */
export async function evaluateAlert(
  db: Queryable,
  teamId: string,
  itemId: number,
  locations: readonly string[] = [],
): Promise<AlertNotice | undefined> {
  const { rows } = await db.query<{ alert: AlertNotice | null }>(
    'SELECT inventory_alert($1, i, $3::text[]) AS alert FROM items i WHERE i.team_id = $1 AND i.id = $2',
    [teamId, itemId, locations],
  )
  return rows[0]?.alert ?? undefined
}

export interface AlertState {
  readonly state: 'clear' | 'alerted'
  /** A snooze ended: alert again if still low. */
  readonly reminderDue: boolean
  /** Alerted, but its message was never posted (an earlier post failed): where to post it. */
  readonly unposted?: AlertRoute
}

/** The item's alert state, row-locked (created clear on first use), so concurrent changes alert once. */
export async function lockAlertState(db: Queryable, teamId: string, itemId: number): Promise<AlertState> {
  await db.query('INSERT INTO item_alerts (item_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    itemId,
    teamId,
  ])
  const { rows } = await db.query<{
    state: AlertState['state']
    due: boolean
    unposted: boolean
    channel_id: string | null
    set_by: string | null
  }>(
    `SELECT state, coalesce(remind_at <= now(), false) AS due, channel_id, set_by,
            state = 'alerted' AND message_ts IS NULL AND channel_id IS NOT NULL
              AND (post_claimed_at IS NULL OR post_claimed_at < now() - interval '1 minute') AS unposted
     FROM item_alerts WHERE item_id = $1 AND team_id = $2 FOR UPDATE`,
    [itemId, teamId],
  )
  const row = rows[0]
  return {
    state: row?.state ?? 'clear',
    reminderDue: row?.due ?? false,
    ...(row?.unposted ? { unposted: { channelId: row.channel_id as string, setBy: row.set_by ?? '' } } : {}),
  }
}

export async function snoozeAlert(
  db: Queryable,
  teamId: string,
  itemId: number,
  until: 'day',
): Promise<string> {
  const { rows } = await db.query<{ remind_at: Date }>(
    `UPDATE item_alerts SET remind_at = now() + interval '1 ${until}' WHERE item_id = $1 AND team_id = $2
     RETURNING remind_at`,
    [itemId, teamId],
  )
  return (rows[0] as { remind_at: Date }).remind_at.toISOString()
}

export async function markOrdered(
  db: Queryable,
  teamId: string,
  itemId: number,
  userId: string,
): Promise<void> {
  await db.query(
    'UPDATE item_alerts SET ordered_by = $3, ordered_at = now(), remind_at = NULL WHERE item_id = $1 AND team_id = $2',
    [itemId, teamId, userId],
  )
}

/**
 * Claims the right to post an item's pending alert (once: a replayed or
 * redelivered change finds it claimed or posted). A claim older than a minute
 * is considered abandoned by a process that died.
 */
export async function claimAlertPost(db: Queryable, teamId: string, sku: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE item_alerts a SET post_claimed_at = now() FROM items i
     WHERE i.id = a.item_id AND i.team_id = $1 AND i.sku = $2 AND a.state = 'alerted' AND a.message_ts IS NULL
       AND (a.post_claimed_at IS NULL OR a.post_claimed_at < now() - interval '1 minute')`,
    [teamId, sku],
  )
  return rowCount === 1
}

/** A post that failed gives its claim back, so the next change to the item tries again. */
export async function releaseAlertPost(db: Queryable, teamId: string, sku: string): Promise<void> {
  await db.query(
    `UPDATE item_alerts a SET post_claimed_at = NULL FROM items i
     WHERE i.id = a.item_id AND i.team_id = $1 AND i.sku = $2 AND a.message_ts IS NULL`,
    [teamId, sku],
  )
}

export async function recordAlertPost(db: Queryable, teamId: string, sku: string, ts: string): Promise<void> {
  await db.query(
    `UPDATE item_alerts a SET message_ts = $3 FROM items i WHERE i.id = a.item_id AND i.team_id = $1 AND i.sku = $2`,
    [teamId, sku, ts],
  )
}
