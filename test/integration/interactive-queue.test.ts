import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { buildViewSubmission } from '../helpers/payloads.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('uiq')
let queued: TestBot
let direct: TestBot
let worker: RunningWorker | undefined

beforeAll(async () => {
  queued = await startTestBot({ env: queueEnv(prefix) })
  // A second, in-process instance on the same database, to change stock behind the queue's back.
  direct = await startTestBot({ db: queued.db, slack: queued.slack })
  await direct.answer('new QUI Queued UI part')
  await direct.answer('receive QUI 5')
})
afterAll(async () => {
  await worker?.stop()
  await direct.stop()
  await queued.stop()
  await deleteQueues(prefix)
})

describe('buttons and forms in queue mode', () => {
  it('tells the person when a form’s change, valid when submitted, is refused when a worker applies it', async () => {
    await queued.click(ACTIONS.stockIssue, 'QUI')
    const [opened] = await queued.slack.waitFor({ kind: 'api', name: 'views.open' })
    const view = opened?.body.view as { private_metadata: string }
    const submitted = await queued.interact(
      buildViewSubmission({
        callbackId: VIEWS.movement,
        privateMetadata: view.private_metadata,
        values: { location: { selected: 'main' }, quantity: { value: '4' } },
      }),
    )
    expect(submitted.body).toBe('') // valid now: the modal closes, the job waits in the queue
    await direct.answer('issue QUI 3')
    worker = await startTestWorker({ db: queued.db, slack: queued.slack, env: queueEnv(prefix) })
    const told = await eventually(() =>
      queued.slack.calls({ kind: 'api', name: 'chat.postEphemeral' }).at(-1),
    )
    expect(told.body).toMatchObject({ channel: 'C0001', user: 'U0001' })
    expect(String(told.body.text)).toContain('only 2 available at main')
  })

  it('acks a job whose change committed even when its answer cannot be posted: no dead letter', async () => {
    queued.slack.reply('views.open')
    await queued.command('new')
    const [opened] = await queued.slack
      .waitFor({ kind: 'api', name: 'views.open' }, 2)
      .then((calls) => calls.slice(-1))
    const view = opened?.body.view as { private_metadata: string }
    queued.slack.reply('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } })
    await queued.interact(
      buildViewSubmission({
        callbackId: VIEWS.newItem,
        privateMetadata: view.private_metadata,
        values: { sku: { value: 'UNSEEN' }, name: { value: 'Made where the bot is not' } },
      }),
    )
    await eventually(
      async () => (await queued.db.pool.query("SELECT 1 FROM items WHERE sku = 'UNSEEN'")).rowCount === 1,
    )
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const { rows } = await queued.db.pool.query('SELECT count(*)::int AS n FROM dead_letters')
    expect(rows[0].n).toBe(0)
  })

  it('applies an Undo click through the queue and rewrites the message', async () => {
    const number = (await queued.answer('receive QUI 6')).text.match(/^#(\d+)/)?.[1] as string
    await queued.click(ACTIONS.undo, number, { responseId: 'qundo' })
    const [rewritten] = await queued.slack.waitFor({ kind: 'response', name: 'qundo' })
    expect(String(rewritten?.body.text)).toContain('undone by <@U0001>')
  })
})
