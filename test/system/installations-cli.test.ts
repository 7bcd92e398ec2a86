import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEPT_TABLES, PURGED_TABLES } from '../../src/db/repositories/purge.js'
import { createTokenCipher } from '../../src/slack/oauth/cipher.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { install, OTHER_ENCRYPTION_KEY, TEST_ENCRYPTION_KEY } from '../helpers/oauth.js'
import { buildEvent } from '../helpers/payloads.js'
import { runNode } from '../helpers/processes.js'

let db: TestDatabase
let bot: TestBot
beforeAll(async () => {
  db = await createTestDatabase()
  bot = await startTestBot({ oauth: true, db, env: { ADMIN_USERS: 'UADMIN' } })
  for (const [team, token] of [
    ['T0001', 'xoxb-one'],
    ['T0002', 'xoxb-two'],
  ] as const) {
    await install(bot.baseUrl, bot.slack, { team, token })
    const say = (text: string) => bot.answer(text, { team_id: team })
    await say('new KEEP Kept part min 5')
    await say('location new shelf')
    await say('receive KEEP 10 at shelf')
    await say('move KEEP 2 from shelf to main')
    await say('reserve KEEP 1')
    await say('issue KEEP 8 at shelf')
    const undo = (await say('receive KEEP 1')).text.match(/^#(\d+)/)?.[1]
    await say(`undo ${undo}`)
    await bot.event(
      buildEvent({ team, event: { type: 'app_home_opened', user: 'U0001', channel: 'D1', tab: 'home' } }),
    )
  }
  await bot.settled()
  await bot.stop()
})
afterAll(() => db.drop())

const cli = async (args: string[], key = TEST_ENCRYPTION_KEY) => {
  const run = runNode('dist/cli/installations.js', args, {
    DATABASE_URL: db.url,
    INSTALLATION_ENCRYPTION_KEY: key,
    LOG_LEVEL: 'silent',
  })
  return { code: await run.exited, output: run.output() }
}
const rowsOf = async (team: string) => {
  const { rows } = await db.pool.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'team_id'`,
  )
  const counts: Record<string, number> = {}
  for (const { table_name: table } of rows) {
    const { rows: n } = await db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE team_id = $1`, [
      team,
    ])
    counts[table] = n[0].n
  }
  return counts
}

describe('npm run installations', () => {
  it('lists each installation with the key its tokens are sealed with', async () => {
    const { code, output } = await cli(['list'])
    expect(code).toBe(0)
    const keyId = createTokenCipher([TEST_ENCRYPTION_KEY]).currentKeyId
    expect(output).toMatch(new RegExp(`^T0001 .*by U0001 +key ${keyId}$`, 'm'))
    expect(output).toMatch(new RegExp(`^T0002 .*key ${keyId}$`, 'm'))
    expect(output).not.toContain('xoxb')
  })

  it('rekey re-seals every token with the first key; the old key can then go', async () => {
    const refused = await cli(['rekey'], OTHER_ENCRYPTION_KEY)
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('which INSTALLATION_ENCRYPTION_KEY does not list')

    const rotated = await cli(['rekey'], `${OTHER_ENCRYPTION_KEY},${TEST_ENCRYPTION_KEY}`)
    expect(rotated.code).toBe(0)
    const newKey = createTokenCipher([OTHER_ENCRYPTION_KEY])
    expect(rotated.output).toContain(`Re-sealed 2 installation(s) with key ${newKey.currentKeyId}`)
    const again = await cli(['rekey'], `${OTHER_ENCRYPTION_KEY},${TEST_ENCRYPTION_KEY}`)
    expect(again.output).toContain('Re-sealed 0 installation(s)')
    expect(again.output).toContain('2 had it already')

    const { rows } = await db.pool.query(`SELECT team_id, secrets FROM installations ORDER BY team_id`)
    expect(rows.map((r) => newKey.open(r.secrets, `installation:T:${r.team_id}`).botToken)).toEqual([
      'xoxb-one',
      'xoxb-two',
    ])
    expect((await cli(['list'], OTHER_ENCRYPTION_KEY)).output).not.toContain('run rekey')
  })

  it('purges a workspace only with --yes: every row of it, its sequences, and records the purge', async () => {
    const asked = await cli(['purge', 'T0002'])
    expect(asked.code).toBe(1)
    expect(asked.output).toContain('--yes')
    expect((await rowsOf('T0002')).items).toBe(1)
    const keptBefore = await rowsOf('T0001')

    const purged = await cli(['purge', 'T0002', '--yes'], OTHER_ENCRYPTION_KEY)
    expect(purged.code, purged.output).toBe(0)
    expect(purged.output).toMatch(/^Purged T0002: \d+ rows\.$/m)
    const left = await rowsOf('T0002')
    expect(Object.entries(left).filter(([table, n]) => n > 0 && table !== 'audit_log')).toEqual([])
    expect(await rowsOf('T0001')).toEqual(keptBefore)
    const { rows: audit } = await db.pool.query(
      `SELECT actor, details FROM audit_log WHERE team_id = 'T0002' AND action = 'workspace.purge'`,
    )
    expect(audit).toHaveLength(1)
    expect(audit[0].actor).toMatch(/^cli:/)
    expect(audit[0].details.deleted).toMatchObject({ items: 1, installations: 1, workspaces: 1 })
    const { rows: sequences } = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_class WHERE relkind = 'S' AND relname LIKE '%_numbers_' || md5('T0002')`,
    )
    expect(sequences[0].n).toBe(0)
  })

  it('knows every table that holds a workspace’s data', async () => {
    const { rows } = await db.pool.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'team_id' ORDER BY 1`,
    )
    const known = [...PURGED_TABLES, ...KEPT_TABLES].sort()
    expect(rows.map((r) => r.table_name).sort()).toEqual(known)
  })
})
