import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { runNode } from '../helpers/processes.js'
import { deleteQueues, queueDepths, queueEnv, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('dlqcli')
let db: TestDatabase
const job = {
  version: 1,
  acceptedAt: '2026-11-28T10:00:00.000Z',
  command: {
    requestKey: 'cmd:cli.1',
    requestId: 'req-cli-1',
    teamId: 'T0001',
    userId: 'U0001',
    action: { verb: 'receive', sku: 'CLI', quantity: 1 },
  },
}

beforeAll(async () => {
  db = await createTestDatabase()
  await db.pool.query(
    `INSERT INTO dead_letters (dedupe_key, team_id, request_key, payload, reason, deliveries, created_at) VALUES
       ('a', 'T0001', 'cmd:cli.1', $1, 'poisoned job', 5, now() - interval '3 minutes'),
       ('b', NULL, NULL, '{"broken', 'malformed job: not JSON', 1, now())`,
    [JSON.stringify(job)],
  )
})
afterAll(async () => {
  await db.drop()
  await deleteQueues(prefix)
})

const dlq = async (...args: string[]) => {
  const run = runNode('dist/cli/dlq.js', args, { DATABASE_URL: db.url, ...queueEnv(prefix) })
  return { code: await run.exited, output: run.output() }
}

describe('npm run dlq', () => {
  it('lists one line per dead letter: id, workspace, reason, deliveries, age', async () => {
    const { code, output } = await dlq('list')
    expect(code).toBe(0)
    const lines = output.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^1 {2}T0001 {2}poisoned job {2}5 deliveries {2}3m$/)
    expect(lines[1]).toMatch(/^2 {2}- {2}malformed job: not JSON {2}1 deliveries {2}\d+s$/)
  })

  it('shows one, with its payload', async () => {
    const { code, output } = await dlq('show', '1')
    expect(code).toBe(0)
    expect(output).toContain('"sku":"CLI"')
  })

  it('replays one onto the commands queue', async () => {
    const { code, output } = await dlq('replay', '1')
    expect(code).toBe(0)
    expect(output).toContain('Dead letter 1 replayed')
    expect((await queueDepths(prefix)).commands).toBe(1)
  })

  it('refuses to replay a malformed job, and drops it', async () => {
    expect((await dlq('replay', '2')).code).toBe(1)
    expect(await dlq('drop', '2')).toMatchObject({
      code: 0,
      output: expect.stringContaining('Dead letter 2 dropped'),
    })
    expect(await dlq('list')).toMatchObject({ code: 0, output: 'No dead letters.\n' })
  })

  it('exits non-zero with a message for an unknown id or a bad command', async () => {
    expect(await dlq('show', '99')).toMatchObject({
      code: 1,
      output: expect.stringContaining('There is no dead letter 99'),
    })
    expect(await dlq('drop', '1')).toMatchObject({
      code: 1,
      output: expect.stringContaining('already replayed'),
    })
    expect(await dlq('explode')).toMatchObject({
      code: 1,
      output: expect.stringContaining('usage: npm run dlq'),
    })
  })
})
