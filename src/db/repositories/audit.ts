import type { AuditRecord } from '../../inventory/results.js'
import type { Queryable } from '../pool.js'

/** What an audit entry records. A new kind of entry is one more member here. */
export type AuditAction =
  | 'role.grant'
  | 'role.revoke'
  | 'settings.default-role'
  | 'settings.confirm-above'
  | 'settings.alerts'
  | 'item.archive'
  | 'item.restore'
  | 'dlq.replay'
  | 'dlq.drop'
  /** Someone asked for what their role does not allow; nothing was changed. */
  | 'denied'
  /** A workspace's data was removed (its app uninstalled). */
  | 'workspace.purge'
  /** An installation's tokens were forgotten: the app was uninstalled, or its tokens revoked (OAuth installs). */
  | 'installation.revoke'

type Json = Readonly<Record<string, unknown>>

/** One entry of the audit trail (table `audit_log`, append-only). */
export interface AuditEntry {
  readonly teamId: string
  readonly enterpriseId?: string | undefined
  /** Who: a Slack user id, or `system` for what nobody asked for. */
  readonly actor: string
  readonly action: AuditAction
  /** Whom or what it is about: a user id, a SKU, a dead letter's id. */
  readonly subject?: string | undefined
  readonly before?: Json | undefined
  readonly after?: Json | undefined
  readonly details?: Json | undefined
  readonly requestKey?: string | undefined
}

/**
 * Appends an entry to the audit trail. Pass the transaction of the change it
 * records, so that the entry exists exactly when the change does.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  const json = (value: Json | undefined) => (value === undefined ? null : JSON.stringify(value))
  await db.query(
    `INSERT INTO audit_log (team_id, enterprise_id, actor, action, subject, before, after, details, request_key)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9)`,
    [
      entry.teamId,
      entry.enterpriseId ?? null,
      entry.actor,
      entry.action,
      entry.subject ?? null,
      json(entry.before),
      json(entry.after),
      json(entry.details),
      entry.requestKey ?? null,
    ],
  )
}

interface AuditRow {
  id: number
  created_at: Date
  team_id: string
  enterprise_id: string | null
  actor: string
  action: string
  subject: string | null
  before: Json | null
  after: Json | null
  details: Json | null
  request_key: string | null
}
const COLUMNS =
  'id, created_at, team_id, enterprise_id, actor, action, subject, before, after, details, request_key'

/** An entry as `audit` shows it. */
const toRecord = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: r.created_at.toISOString(),
  actor: r.actor,
  action: r.action,
  ...(r.subject !== null ? { subject: r.subject } : {}),
  ...(r.before !== null ? { before: r.before } : {}),
  ...(r.after !== null ? { after: r.after } : {}),
  ...(r.details !== null ? { details: r.details } : {}),
})

/**
 * The workspace's newest entries: all, or what one person did or was given
 * (`user`), what was about one SKU, or only denials.
 */
export async function listAudit(
  db: Queryable,
  teamId: string,
  filter: { user?: string | undefined; sku?: string | undefined; denials?: boolean | undefined },
  limit: number,
): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log
     WHERE team_id = $1
       AND ($2::text IS NULL OR actor = $2 OR subject = $2)
       AND ($3::text IS NULL OR subject = $3)
       AND (NOT $4::boolean OR action = 'denied')
     ORDER BY id DESC LIMIT $5`,
    [teamId, filter.user ?? null, filter.sku ?? null, filter.denials === true, limit],
  )
  return rows.map(toRecord)
}

/** Every entry of the workspace, oldest first, with all its columns: the audit export. */
export async function auditRows(db: Queryable, teamId: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log WHERE team_id = $1 ORDER BY id`,
    [teamId],
  )
  return rows
}
