import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VIEWS } from '../../src/slack/blocks/index.js'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { movementCount } from '../helpers/ledger.js'
import { buildViewSubmission } from '../helpers/payloads.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

/**
 * Roles in queue mode: a change is checked again where the worker applies it,
 * in the same transaction, so a role revoked after the ack refuses it. The bot
 * carries Slack's admin status in the command; the worker does not ask Slack.
 * A viewer's changes are accepted ("Working on it…") and refused by the worker:
 * queue mode accepts without the database, so the check in the transaction is the one that counts.
 */
const prefix = uniquePrefix('roleq')
let queued: TestBot
let direct: TestBot
let worker: RunningWorker | undefined

beforeAll(async () => {
  queued = await startTestBot({ env: queueEnv(prefix) })
  // A second, in-process instance on the same database: an admin acting while the queue waits.
  direct = await startTestBot({ db: queued.db, slack: queued.slack })
  await direct.answer('new RQ Queued role part')
  await direct.answer('receive RQ 10')
  await direct.answer('role <@UQCLERK> clerk')
})
afterAll(async () => {
  await worker?.stop()
  await direct.stop()
  await queued.stop()
  await deleteQueues(prefix)
})

const denials = async (user: string) =>
  (
    await queued.db.pool.query(
      "SELECT details->>'verb' AS verb, details->>'role' AS role FROM audit_log WHERE action = 'denied' AND actor = $1 ORDER BY 1",
      [user],
    )
  ).rows

describe('roles in queue mode', () => {
  it('refuses, and never applies, changes whose role was revoked between the ack and the worker', async () => {
    const before = await movementCount(queued.db.pool)
    const receipt = await queued.command('receive RQ 5', { user_id: 'UQCLERK' })
    expect(receipt.ack.text).toBe(WORKING_ON_IT)
    const form = await queued.interact(
      buildViewSubmission({
        user: 'UQCLERK',
        callbackId: VIEWS.reorder,
        privateMetadata: JSON.stringify({ sku: 'RQ', channelId: 'C0001' }),
        values: { quantity: { value: '5' } },
      }),
    )
    expect(form.body).toBe('') // accepted: the modal closes, the job waits in the queue
    expect((await direct.answer('role <@UQCLERK> viewer')).text).toContain('made <@UQCLERK> a viewer')

    worker = await startTestWorker({ db: queued.db, slack: queued.slack, env: queueEnv(prefix) })
    const [late] = await queued.slack.waitFor({ kind: 'response', name: receipt.responseId })
    expect(String(late?.body.text)).toBe(
      ':warning: You need the clerk role at `main` to receive stock (you are a viewer there). A workspace owner or admin can grant it. Nothing was changed.',
    )
    const told = await eventually(() =>
      queued.slack
        .calls({ kind: 'api', name: 'chat.postEphemeral' })
        .find((c) => c.body.user === 'UQCLERK' && String(c.body.text).includes('ask for a reorder')),
    )
    expect(String(told.body.text)).toContain('You need the clerk role to ask for a reorder')
    expect(await movementCount(queued.db.pool)).toBe(before)
    expect((await direct.answer('orders')).text).toBe('No open reorder requests.')
    expect(await denials('UQCLERK')).toEqual([
      { verb: 'receive', role: 'clerk' },
      { verb: 'request.new', role: 'clerk' },
    ])
  })

  it('applies a Slack admin’s change in the worker from what the bot looked up, without asking Slack again', async () => {
    queued.slack.setUser('UQSLACK', { isAdmin: true })
    const count = await queued.command('count RQ 7', { user_id: 'UQSLACK' })
    expect(count.ack.text).toBe(WORKING_ON_IT)
    const [done] = await queued.slack.waitFor({ kind: 'response', name: count.responseId })
    expect(String(done?.body.text)).toMatch(/counted 7 RQ Queued role part at main/)
    const asked = queued.slack
      .calls({ kind: 'api', name: 'users.info' })
      .filter((c) => c.body.user === 'UQSLACK')
    expect(asked).toHaveLength(1)
  })

  it('refuses every stock change by a viewer where the worker applies it, and applies none', async () => {
    worker ??= await startTestWorker({ db: queued.db, slack: queued.slack, env: queueEnv(prefix) })
    await direct.answer('location new north')
    await direct.answer('role <@UQVIEW> viewer')
    const reservation = String((await direct.answer('reserve RQ 1 for matrix')).text).match(/^R-(\d+)/)?.[1]
    const movement = String((await direct.answer('receive RQ 1')).text).match(/^#(\d+)/)?.[1]
    const before = await movementCount(queued.db.pool)
    const attempts = [
      'receive RQ 1',
      'issue RQ 1',
      'move RQ 1 from main to north',
      'count RQ 3',
      'reserve RQ 1 for viewer',
      `release R-${reservation}`,
      `undo ${movement}`,
    ]
    for (const line of attempts) {
      const sent = await queued.command(line, { user_id: 'UQVIEW' })
      expect(sent.ack.text, line).toBe(WORKING_ON_IT)
      const [late] = await queued.slack.waitFor({ kind: 'response', name: sent.responseId })
      expect(String(late?.body.text), line).toMatch(
        /^:warning: (You need the \w+ role|Only <@\w+>, who made #\d+, or an? \w+).*Nothing was changed\.$/,
      )
    }
    expect(await movementCount(queued.db.pool)).toBe(before)
    expect((await direct.answer('reservations RQ')).text).toContain(`R-${reservation}`)
    expect((await denials('UQVIEW')).map((d) => d.verb).sort()).toEqual(
      ['count', 'issue', 'move', 'receive', 'release', 'reserve', 'undo'].sort(),
    )
  })
})
