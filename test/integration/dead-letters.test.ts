import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { movementCount } from '../helpers/ledger.js'
import { deleteQueues, publishRaw, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('dlq')
const env = queueEnv(prefix, { MAX_DELIVERIES: '3', ADMIN_USERS: 'UADMIN,UBOSS' })
let bot: TestBot
let worker: RunningWorker

beforeAll(async () => {
  bot = await startTestBot({ env })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env })
  await bot.answer('new POISON Poisoned part')
  // A bug stand-in: any movement noted "poison" fails with a non-transient error, counting each attempt.
  await bot.db.pool.query(`
    CREATE SEQUENCE poison_attempts;
    CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.note = 'poison' THEN PERFORM nextval('poison_attempts'); RAISE EXCEPTION 'poisoned job'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER poison BEFORE INSERT ON movements FOR EACH ROW EXECUTE FUNCTION poison();`)
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

const deadLetters = async () =>
  (await bot.db.pool.query('SELECT id, deliveries, reason, status FROM dead_letters ORDER BY id')).rows

describe('dead letters', () => {
  let deadId: number

  it('dead-letters a poison job after exactly MAX_DELIVERIES attempts, telling the asker and the admins', async () => {
    const reply = await bot.command('receive POISON 5 poison')
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: reply.responseId }, 1, 20_000)
    expect(String(answer?.body.text)).toMatch(
      /could not apply that after 3 attempts.*admins were notified \(dead letter \d+\)/,
    )
    const attempts = (await bot.db.pool.query('SELECT last_value FROM poison_attempts')).rows[0].last_value
    expect(Number(attempts)).toBe(3)
    const [letter] = await deadLetters()
    expect(letter).toMatchObject({ deliveries: 3, status: 'dead' })
    expect(letter.reason).toBeTruthy()
    deadId = letter.id
    const notices = await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' }, 2)
    expect(notices.map((n) => n.body.channel).sort()).toEqual(['UADMIN', 'UBOSS'])
    expect(String(notices[0]?.body.text)).toContain(`Dead letter ${deadId}`)
    expect(await movementCount(bot.db.pool)).toBe(0)
  })

  it('dead-letters a malformed job at once', async () => {
    await publishRaw(`${prefix}.commands`, Buffer.from('{"not": "a job"'), 'malformed-1')
    for (let i = 0; i < 100 && (await deadLetters()).length < 2; i++)
      await new Promise((r) => setTimeout(r, 100))
    const letters = await deadLetters()
    expect(letters[1]).toMatchObject({ deliveries: 1, status: 'dead' })
    expect(letters[1].reason).toContain('malformed')
  })

  it('lets admins list and show dead letters in their workspace only', async () => {
    expect((await bot.answer('dlq', { user_id: 'U0002' })).text).toContain(
      'You need the admin role to handle dead letters',
    )
    const list = await bot.answer('dlq list', { user_id: 'UADMIN' })
    expect(list.text).toContain(`${deadId}  T0001`)
    expect(list.text).not.toContain('malformed') // a malformed job belongs to no workspace
    const shown = await bot.answer(`dlq show ${deadId}`, { user_id: 'UADMIN' })
    expect(shown.text).toContain(`Dead letter ${deadId} (dead) · workspace T0001 · 3 deliveries`)
    expect(shown.text).toContain('"sku":"POISON"')
    expect((await bot.answer(`dlq show ${deadId}`, { user_id: 'UADMIN', team_id: 'T0002' })).text).toContain(
      `There is no dead letter ${deadId}`,
    )
  })

  it('replays a dead letter once the cause is fixed, and only once', async () => {
    await bot.db.pool.query('DROP TRIGGER poison ON movements')
    const replayed = await bot.answer(`dlq replay ${deadId}`, { user_id: 'UADMIN' })
    expect(replayed.text).toContain(`Dead letter ${deadId} replayed`)
    for (let i = 0; i < 100 && (await movementCount(bot.db.pool)) === 0; i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(await movementCount(bot.db.pool)).toBe(1)
    expect((await bot.answer(`dlq replay ${deadId}`, { user_id: 'UADMIN' })).text).toContain(
      'already replayed',
    )
  })

  it('replaying a job that had in fact been applied changes nothing', async () => {
    const { rows } = await bot.db.pool.query('SELECT payload FROM dead_letters WHERE id = $1', [deadId])
    await bot.db.pool.query(
      `INSERT INTO dead_letters (dedupe_key, team_id, request_key, payload, reason, deliveries)
       VALUES ('copy', 'T0001', 'copy', $1, 'test copy', 5)`,
      [rows[0].payload],
    )
    const copy = (await deadLetters()).at(-1)
    await bot.answer(`dlq replay ${copy?.id}`, { user_id: 'UADMIN' })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(await movementCount(bot.db.pool)).toBe(1)
    expect((await bot.answer('stock POISON')).text).toMatch(/^POISON Poisoned part: 5 on hand/)
  })

  it('drops a dead letter, once', async () => {
    await bot.db.pool.query(
      `INSERT INTO dead_letters (dedupe_key, team_id, payload, reason, deliveries) VALUES ('drop-me', 'T0001', '{}', 'x', 1)`,
    )
    const id = (await deadLetters()).at(-1)?.id
    expect((await bot.answer(`dlq drop ${id}`, { user_id: 'UADMIN' })).text).toBe(
      `Dead letter ${id} dropped.`,
    )
    expect((await bot.answer(`dlq drop ${id}`, { user_id: 'UADMIN' })).text).toContain('already dropped')
    expect((await bot.answer('dlq', { user_id: 'UADMIN' })).text).not.toContain(`${id}  T0001`)
  })

  it('records each replay and drop in the workspace’s audit trail: who, which letter, before and after', async () => {
    const audit = await bot.answer('audit 10', { user_id: 'UADMIN' })
    const lines = String(audit.text)
    expect(lines).toMatch(/^Audit trail: the last \d+ entries/)
    const { rows } = await bot.db.pool.query(
      `SELECT actor, action, subject, before, after FROM audit_log
       WHERE team_id = 'T0001' AND action LIKE 'dlq.%' ORDER BY id`,
    )
    expect(rows).toEqual([
      {
        actor: 'UADMIN',
        action: 'dlq.replay',
        subject: String(deadId),
        before: { status: 'dead' },
        after: { status: 'replayed' },
      },
      expect.objectContaining({ actor: 'UADMIN', action: 'dlq.replay', after: { status: 'replayed' } }),
      expect.objectContaining({ actor: 'UADMIN', action: 'dlq.drop', after: { status: 'dropped' } }),
    ])
    expect(JSON.stringify(audit.blocks)).toContain(`\`dlq.replay\` ${deadId}: status dead → status replayed`)
  })
})
