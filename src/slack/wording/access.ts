import type { ErrorDetails } from '../../errors.js'
import type { AuditRecord, ReadResult, RoleResult } from '../../inventory/results.js'
import { escapeText, movementRef, user } from '../format.js'
import { COMMAND, code, NOTHING_CHANGED } from './common.js'

/** What someone was refused, by verb: "You need the clerk role to …". */
const DOING: Readonly<Record<string, string>> = {
  receive: 'receive stock',
  issue: 'issue stock',
  move: 'move stock',
  reserve: 'reserve stock',
  release: 'release a reservation',
  undo: 'undo a movement',
  count: 'count stock',
  'request.new': 'ask for a reorder',
  'alert.snooze': 'snooze an alert',
  'alert.ordered': 'mark an alert as ordered',
  new: 'create items',
  'item.min': 'change an item’s reorder point',
  'item.rename': 'rename an item',
  'item.archive': 'archive an item',
  'item.restore': 'restore an item',
  'location.new': 'create locations',
  'alerts.set': 'route low-stock alerts',
  'alerts.off': 'turn low-stock alerts off',
  'settings.confirm': 'change when changes ask for confirmation',
  'request.approve': 'approve reorder requests',
  'request.reject': 'reject reorder requests',
  export: 'export an item’s ledger',
  'role.set': 'grant roles',
  'settings.default-role': 'change the default role',
  roles: 'see who has which role',
  audit: 'read the audit trail',
  'export.audit': 'export the audit trail',
  dlq: 'handle dead letters',
}

const a = (role: string) => (/^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`)

/** Who can grant a role: the admins named in the refusal, else Slack's own. */
function whoGrants(d: ErrorDetails): string {
  const admins = String(d.admins ?? '')
    .split(',')
    .filter(Boolean)
  return admins.length
    ? `An admin can grant it: ${admins.map(user).join(', ')}.`
    : 'A workspace owner or admin can grant it.'
}

/** NEEDS_ROLE: what was refused, the role it needs (and where), what you have, and who can grant it. */
export function needsRole(d: ErrorDetails): string {
  const role = String(d.role)
  const at = d.location !== undefined ? ` at ${code(String(d.location))}` : ''
  const has = d.has !== undefined ? ` (you are ${a(String(d.has))}${at ? ' there' : ''})` : ''
  if (d.movement !== undefined)
    return `Only ${user(String(d.actor))}, who made ${movementRef(Number(d.movement))}, or ${a(role)}${at} can undo it${has}. ${whoGrants(d)} ${NOTHING_CHANGED}`
  const doing = DOING[String(d.verb)] ?? `use ${code(String(d.verb))}`
  return `You need the ${role} role${at} to ${doing}${has}. ${whoGrants(d)} ${NOTHING_CHANGED}`
}

const where = (locations: readonly string[] | undefined) =>
  locations?.length ? ` at ${locations.map((l) => code(l)).join(', ')}` : ''

export function roleChangeText(r: RoleResult, actor: string): string {
  return r.change === 'granted'
    ? `${user(actor)} made ${user(r.user)} ${a(r.role)}${where(r.locations)}.`
    : `${user(actor)} removed ${user(r.user)}’s role: they now have the default role, ${r.role}.`
}

export function rolesText(r: Extract<ReadResult, { kind: 'roles' }>): string {
  return [
    `*Roles* — everyone else is ${a(r.defaultRole)} (the default; ${code(`${COMMAND} settings default-role viewer|clerk`)}).`,
    ...r.grants.map((g) => `• ${user(g.user)} ${g.role}${where(g.locations)}`),
    ...(r.breakGlass.length
      ? [`• ${r.breakGlass.map(user).join(', ')} admin through ADMIN_USERS (the deployment’s break-glass)`]
      : []),
    'Slack’s workspace owners and admins are admins unless given another role.',
  ].join('\n')
}

const shown = (value: unknown) => {
  if (!value || typeof value !== 'object') return 'nothing'
  const v = value as Record<string, unknown>
  if (typeof v.role === 'string') return `${v.role}${where(v.locations as string[] | undefined)}`
  return Object.entries(v)
    .map(([key, val]) => `${key} ${escapeText(String(val))}`)
    .join(', ')
}

/** One audit entry on one line: when, who, what, about whom or what, before → after. */
export function auditLine(e: AuditRecord, when: string): string {
  const about = e.subject
    ? ` ${e.subject.match(/^[UW][A-Z0-9]+$/) ? user(e.subject) : escapeText(e.subject)}`
    : ''
  if (e.action === 'denied') {
    const d = (e.details ?? {}) as ErrorDetails
    const at = d.location !== undefined ? ` at ${code(String(d.location))}` : ''
    return `${when} ${user(e.actor)} was refused ${code(String(d.verb ?? '?'))}${about}: needs ${d.role}${at}, has ${d.has}`
  }
  const change = e.before || e.after ? `: ${shown(e.before)} → ${shown(e.after)}` : ''
  return `${when} ${user(e.actor)} ${code(e.action)}${about}${change}`
}

export function auditTitle(r: Extract<ReadResult, { kind: 'audit' }>): string {
  const about = r.filter?.user
    ? ` about ${user(r.filter.user)}`
    : r.filter?.sku
      ? ` about ${r.filter.sku}`
      : r.filter?.denials
        ? ' (denials)'
        : ''
  return r.entries.length
    ? `Audit trail${about}: the last ${r.entries.length} entr${r.entries.length === 1 ? 'y' : 'ies'}, newest first`
    : `The audit trail${about} is empty.`
}
