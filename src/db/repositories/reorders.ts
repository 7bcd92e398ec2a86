import type { RequestSummary } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'
import { iso } from './lists.js'

export interface RequestRow {
  id: number
  number: number
  item_id: number
  sku: string
  name: string
  quantity: number
  supplier: string | null
  note: string | null
  requested_by: string
  status: RequestSummary['status']
  decided_by: string | null
  decided_at: Date | string | null
  received_movement: number | null
  created_at: Date | string
  channel_id: string | null
  message_ts: string | null
}

export interface ReorderRequest extends RequestSummary {
  readonly id: number
  readonly itemId: number
}

export const toRequest = (r: RequestRow): ReorderRequest => ({
  id: r.id,
  itemId: r.item_id,
  request: r.number,
  item: { sku: r.sku, name: r.name },
  quantity: r.quantity,
  requestedBy: r.requested_by,
  status: r.status,
  createdAt: iso(r.created_at),
  ...(r.supplier ? { supplier: r.supplier } : {}),
  ...(r.note ? { note: r.note } : {}),
  ...(r.decided_by ? { decidedBy: r.decided_by } : {}),
  ...(r.decided_at ? { decidedAt: iso(r.decided_at) } : {}),
  ...(r.received_movement ? { receivedMovement: r.received_movement } : {}),
  ...(r.channel_id ? { channelId: r.channel_id } : {}),
  ...(r.message_ts ? { messageTs: r.message_ts } : {}),
})

/** Keeps only what a reply needs (no internal ids). */
export const toRequestSummary = ({ id: _id, itemId: _itemId, ...summary }: ReorderRequest): RequestSummary =>
  summary

const SELECT = `SELECT r.*, i.sku, i.name FROM reorder_requests r JOIN items i ON i.id = r.item_id`

export async function insertReorderRequest(
  db: Queryable,
  r: {
    teamId: string
    itemId: number
    quantity: number
    supplier?: string | undefined
    note?: string | undefined
    by: string
  },
): Promise<ReorderRequest> {
  const { rows } = await db.query<{ id: number }>(
    `WITH counter AS (
       UPDATE workspaces SET next_request = next_request + 1 WHERE team_id = $1 RETURNING next_request - 1 AS number)
     INSERT INTO reorder_requests (team_id, number, item_id, quantity, supplier, note, requested_by)
     SELECT $1, counter.number, $2, $3, $4, $5, $6 FROM counter RETURNING id`,
    [r.teamId, r.itemId, r.quantity, r.supplier ?? null, r.note ?? null, r.by],
  )
  return reorderRequestById(db, r.teamId, (rows[0] as { id: number }).id)
}

async function reorderRequestById(db: Queryable, teamId: string, id: number): Promise<ReorderRequest> {
  const { rows } = await db.query<RequestRow>(`${SELECT} WHERE r.id = $1 AND r.team_id = $2`, [id, teamId])
  return toRequest(rows[0] as RequestRow)
}

/** The request, row-locked: approve, reject and receive each move it on once. */
export async function lockReorderRequest(
  db: Queryable,
  teamId: string,
  number: number,
): Promise<ReorderRequest | undefined> {
  const { rows } = await db.query<RequestRow>(
    `${SELECT} WHERE r.team_id = $1 AND r.number = $2 FOR UPDATE OF r`,
    [teamId, number],
  )
  return rows[0] && toRequest(rows[0])
}

export async function decideReorderRequest(
  db: Queryable,
  teamId: string,
  id: number,
  status: 'approved' | 'rejected',
  by: string,
): Promise<ReorderRequest> {
  await db.query(
    'UPDATE reorder_requests SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND team_id = $4',
    [id, status, by, teamId],
  )
  return reorderRequestById(db, teamId, id)
}

/** Where the request's message was posted, so that approvals can update it. */
export async function setReorderMessage(
  db: Queryable,
  teamId: string,
  number: number,
  channelId: string,
  ts: string,
) {
  await db.query(
    'UPDATE reorder_requests SET channel_id = $3, message_ts = $4 WHERE team_id = $1 AND number = $2',
    [teamId, number, channelId, ts],
  )
}

/** Pending and approved requests, oldest first: a list of RequestRow. */
export const openRequestsSql = (team: string, limit: string) =>
  `${SELECT} WHERE r.team_id = ${team} AND r.status IN ('pending', 'approved') ORDER BY r.number LIMIT ${limit}`

export async function openReorderRequests(
  db: Queryable,
  teamId: string,
  limit: number,
): Promise<ReorderRequest[]> {
  const { rows } = await db.query<RequestRow>(openRequestsSql('$1', '$2'), [teamId, limit])
  return rows.map(toRequest)
}
