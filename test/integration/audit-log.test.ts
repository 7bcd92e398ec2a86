import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '../../src/db/repositories/audit.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'

/** The audit trail's table, below the commands that write it: what an entry holds, and that none is ever rewritten. */
let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

describe('the audit trail', () => {
  it('records who did what to whom, before and after, from which workspace', async () => {
    await recordAudit(db.pool, {
      teamId: 'TAUDIT',
      enterpriseId: 'EGRID',
      actor: 'UADMIN',
      action: 'role.grant',
      subject: 'UANA',
      before: { role: 'clerk' },
      after: { role: 'manager', locations: ['north'] },
      requestKey: 'cmd:1',
    })
    const { rows } = await db.pool.query('SELECT * FROM audit_log WHERE team_id = $1', ['TAUDIT'])
    expect(rows).toEqual([
      expect.objectContaining({
        enterprise_id: 'EGRID',
        actor: 'UADMIN',
        action: 'role.grant',
        subject: 'UANA',
        before: { role: 'clerk' },
        after: { role: 'manager', locations: ['north'] },
        details: null,
        request_key: 'cmd:1',
        created_at: expect.any(Date),
      }),
    ])
  })

  it('is append-only: an entry cannot be changed or deleted', async () => {
    await recordAudit(db.pool, { teamId: 'TAUDIT', actor: 'system', action: 'workspace.purge' })
    await expect(db.pool.query("UPDATE audit_log SET actor = 'UOTHER'")).rejects.toThrow(/append-only/)
    await expect(db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/)
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM audit_log')
    expect(rows[0].n).toBe(2)
  })

  it('outlives its workspace: no workspace row is needed', async () => {
    await recordAudit(db.pool, { teamId: 'TGONE', actor: 'system', action: 'workspace.purge' })
    const { rows } = await db.pool.query('SELECT 1 FROM workspaces WHERE team_id = $1', ['TGONE'])
    expect(rows).toEqual([])
  })
})
