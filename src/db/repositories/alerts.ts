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
 * One process's right to post an item's current alert (its crossing: `alertedAt`).
 * What it records applies to that crossing only, never to a later one.
 */
export interface AlertClaim {
  readonly teamId: string
  readonly itemId: number
  /** When the item crossed its reorder point (as Postgres wrote it): the crossing this claim is for. */
  readonly alertedAt: string
  /** Posts of this alert that failed before this claim. */
  readonly failedPosts: number
}

/** An alert whose retry is due, claimed: the notice as of now, and where its workspace is served. */
export interface DueAlertPost {
  readonly claim: AlertClaim
  readonly enterpriseId: string | undefined
  readonly notice: AlertNotice
}

interface ClaimRow {
  team_id: string
  item_id: number
  alerted_at: string
  post_attempts: number
}
const toClaim = (r: ClaimRow): AlertClaim => ({
  teamId: r.team_id,
  itemId: r.item_id,
  alertedAt: r.alerted_at,
  failedPosts: r.post_attempts,
})

/**
 * Claims the right to post an item's pending alert (once: a replayed or
 * redelivered change finds it claimed or posted). A claim older than a minute
 * is considered abandoned by a process that died; the timer posts it then
 * (`next_post_at`), unless the post is recorded first.
 */
export async function claimAlertPost(
  db: Queryable,
  teamId: string,
  sku: string,
): Promise<AlertClaim | undefined> {
  const { rows } = await db.query<ClaimRow>(
    `UPDATE item_alerts a SET post_claimed_at = now(), next_post_at = now() + interval '1 minute' FROM items i
     WHERE i.id = a.item_id AND i.team_id = $1 AND i.sku = $2 AND a.state = 'alerted' AND a.message_ts IS NULL
       AND (a.post_claimed_at IS NULL OR a.post_claimed_at < now() - interval '1 minute')
     RETURNING a.team_id, a.item_id, a.alerted_at::text AS alerted_at, a.post_attempts`,
    [teamId, sku],
  )
  return rows[0] && toClaim(rows[0])
}

/**
 * Claims the alert whose retry has been due longest, in any workspace. Rows
 * another process holds are skipped and a claim lasts a minute, so of several
 * bots claiming at once each alert goes to one. An alert only counts while
 * its item is still low (`inventory_alert` clears a crossing the item has
 * left) and not archived; its notice is as of now.
 */
export async function claimDueAlertPost(db: Queryable): Promise<DueAlertPost | undefined> {
  const { rows } = await db.query<
    ClaimRow & {
      enterprise_id: string | null
      sku: string
      name: string
      reorder_point: number
      on_hand: string
      channel_id: string
      set_by: string | null
    }
  >(
    `WITH due AS (
       SELECT a.item_id FROM item_alerts a JOIN items i ON i.id = a.item_id
       WHERE a.next_post_at <= now() AND a.state = 'alerted' AND a.message_ts IS NULL
         AND a.channel_id IS NOT NULL AND i.archived_at IS NULL
         AND (a.post_claimed_at IS NULL OR a.post_claimed_at < now() - interval '1 minute')
       ORDER BY a.next_post_at LIMIT 1
       FOR UPDATE OF a SKIP LOCKED)
     UPDATE item_alerts a SET post_claimed_at = now(), next_post_at = now() + interval '1 minute'
     FROM due, items i, workspaces w
     WHERE a.item_id = due.item_id AND i.id = a.item_id AND w.team_id = a.team_id
     RETURNING a.team_id, a.item_id, a.alerted_at::text AS alerted_at, a.post_attempts, w.enterprise_id,
       i.sku, i.name, i.reorder_point, a.channel_id, a.set_by,
       (SELECT coalesce(sum(s.on_hand), 0) FROM stock_levels s WHERE s.item_id = a.item_id) AS on_hand`,
  )
  const r = rows[0]
  return (
    r && {
      claim: toClaim(r),
      enterpriseId: r.enterprise_id ?? undefined,
      notice: {
        sku: r.sku,
        name: r.name,
        onHand: Number(r.on_hand),
        reorderPoint: r.reorder_point,
        channelId: r.channel_id,
        setBy: r.set_by ?? '',
      },
    }
  )
}

/** The claimed alert is done: posted (its ts), or not postable there (`not-posted`). Nothing is due any more. */
export async function recordAlertPost(db: Queryable, claim: AlertClaim, ts: string): Promise<void> {
  await db.query(
    `UPDATE item_alerts SET message_ts = $4, next_post_at = NULL
     WHERE team_id = $1 AND item_id = $2 AND alerted_at = $3::timestamptz AND state = 'alerted'`,
    [claim.teamId, claim.itemId, claim.alertedAt, ts],
  )
}

/**
 * A post that failed gives its claim back and counts: the timer tries again
 * in `retryInMs`, or, without it, has given up (the next change to the item
 * still tries).
 */
export async function releaseAlertPost(
  db: Queryable,
  claim: AlertClaim,
  retryInMs: number | undefined,
): Promise<void> {
  await db.query(
    `UPDATE item_alerts SET post_claimed_at = NULL, post_attempts = post_attempts + 1,
       next_post_at = now() + $4::int * interval '1 millisecond',
       post_given_up_at = CASE WHEN $4::int IS NULL THEN now() END
     WHERE team_id = $1 AND item_id = $2 AND alerted_at = $3::timestamptz AND state = 'alerted'
       AND message_ts IS NULL`,
    [claim.teamId, claim.itemId, claim.alertedAt, retryInMs === undefined ? null : Math.round(retryInMs)],
  )
}
