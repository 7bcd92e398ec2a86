import type { Action, Verb } from './commands.js'
import type { Role } from './roles.js'

/**
 * The role each verb needs: the matrix the README documents. Stock changes are
 * checked again inside their one statement, at their locations
 * (`inventory_authorize_action`, migration 0014), which also asks a manager
 * for an undo of someone else's movement.
 */
export const RIGHTS: Readonly<Record<Verb, Role>> = {
  help: 'viewer',
  stock: 'viewer',
  find: 'viewer',
  low: 'viewer',
  history: 'viewer',
  locations: 'viewer',
  reservations: 'viewer',
  orders: 'viewer',
  settings: 'viewer',
  export: 'viewer',
  // The person who asked for a confirmation answers it; the change itself is checked when it applies.
  'change.confirm': 'viewer',
  'change.cancel': 'viewer',
  // So does the person who asked "which one?": the change picked is checked when it applies.
  'change.choose': 'viewer',
  receive: 'clerk',
  issue: 'clerk',
  move: 'clerk',
  reserve: 'clerk',
  release: 'clerk',
  undo: 'clerk',
  'request.new': 'clerk',
  'alert.snooze': 'clerk',
  'alert.ordered': 'clerk',
  count: 'manager',
  new: 'manager',
  'item.min': 'manager',
  'item.rename': 'manager',
  'item.archive': 'manager',
  'item.restore': 'manager',
  'location.new': 'manager',
  'alerts.set': 'manager',
  'alerts.off': 'manager',
  'settings.confirm': 'manager',
  'request.approve': 'manager',
  'request.reject': 'manager',
  'role.set': 'admin',
  'settings.default-role': 'admin',
  roles: 'admin',
  audit: 'admin',
  'export.audit': 'admin',
  dlq: 'admin',
}

/** The role an action needs, and where (a location it names, for the checks made outside SQL). */
export function rightOf(action: Action): { role: Role; location?: string } {
  // An item's whole ledger is more than a read of today's stock.
  if (action.verb === 'export' && action.sku) return { role: 'manager' }
  if ((action.verb === 'alerts.set' || action.verb === 'alerts.off') && action.location)
    return { role: RIGHTS[action.verb], location: action.location }
  return { role: RIGHTS[action.verb] }
}
