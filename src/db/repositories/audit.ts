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
