import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { runNode } from '../helpers/processes.js'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
  await db.pool.query(`
    INSERT INTO requests (team_id, request_key, outcome, created_at) VALUES
      ('T0001', 'old', '{}', now() - interval '8 days'), ('T0001', 'young', '{}', now() - interval '6 days');
    INSERT INTO processed_events (event_id, created_at) VALUES ('Ev1', now() - interval '8 days')`)
})
afterAll(() => db.drop())

const prune = async (env: Record<string, string> = {}) => {
  const run = runNode('dist/cli/prune.js', [], { DATABASE_URL: db.url, ...env })
  return { code: await run.exited, output: run.output() }
}

describe('npm run prune', () => {
  it('prunes what is older than RETENTION_DAYS and says how much went from each table', async () => {
    const { code, output } = await prune({ RETENTION_DAYS: '7' })
    expect(code).toBe(0)
    expect(output).toBe(
      'Pruned rows older than 7 days:\n  requests: 1\n  processed_events: 1\n  pending_choices: 0\n  pending_changes: 0\n',
    )
    const { rows } = await db.pool.query('SELECT request_key FROM requests')
    expect(rows).toEqual([{ request_key: 'young' }])
  })

  it('refuses a retention shorter than a day, pruning nothing', async () => {
    const { code, output } = await prune({ RETENTION_DAYS: '0' })
    expect(code).toBe(1)
    expect(output).toContain('RETENTION_DAYS: must be a whole number of days from 1')
    expect((await db.pool.query('SELECT 1 FROM requests')).rowCount).toBe(1)
  })
})
