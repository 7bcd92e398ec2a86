import {
  decideReorderRequest,
  insertReorderRequest,
  lockReorderRequest,
  toRequestSummary,
} from '../db/repositories/reorders.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './commands.js'
import { type ChangeContext, requireActiveItem } from './context.js'
import type { ChangeResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

export async function requestReorder(c: ChangeContext, a: Act<'request.new'>): Promise<ChangeResult> {
  const item = await requireActiveItem(c, a.sku)
  const request = await insertReorderRequest(c.tx, {
    teamId: c.teamId,
    itemId: item.id,
    quantity: a.quantity,
    supplier: a.supplier,
    note: a.note,
    by: c.userId,
  })
  return { kind: 'request', change: 'created', request: toRequestSummary(request) }
}

/** Managers approve or reject (checked before this runs), never their own request; each request is decided once. */
export async function decideReorder(
  c: ChangeContext,
  a: Act<'request.approve' | 'request.reject'>,
): Promise<ChangeResult> {
  const request = await lockReorderRequest(c.tx, c.teamId, a.request)
  if (!request) throw new RefusedError('UNKNOWN_REQUEST', { request: a.request })
  if (request.requestedBy === c.userId) throw new RefusedError('OWN_REQUEST', { request: a.request })
  if (request.status !== 'pending')
    throw new RefusedError('REQUEST_DECIDED', {
      request: a.request,
      status: request.status,
      by: request.decidedBy ?? '',
    })
  const status = a.verb === 'request.approve' ? 'approved' : 'rejected'
  const decided = await decideReorderRequest(c.tx, c.teamId, request.id, status, c.userId)
  return { kind: 'request', change: status, request: toRequestSummary(decided) }
}
