import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/ids.js'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { startTestBot, type TestBot, type Transport } from '../helpers/bot.js'
import { buildViewSubmission } from '../helpers/payloads.js'

/** A pool of 4 (the default bound is half of it: 2 changes at once); row locks wait as long as the test holds them. */
const env = {
  DB_POOL_SIZE: '4',
  ACK_BUDGET_MS: '300',
  DB_LOCK_TIMEOUT_MS: '600000',
  DB_STATEMENT_TIMEOUT_MS: '600000',
}
const BUSY = /^:warning: I'm busy .*Nothing was changed\. It is safe to try again.*queue mode \(AMQP_URL\)/

/** Holds the row lock on HELD's balance until the returned function commits: every change to it waits. */
async function holdBalance(bot: TestBot): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: bot.db.url })
  await client.connect()
  await client.query('BEGIN')
  await client.query(
    "SELECT 1 FROM stock_levels s JOIN items i ON i.id = s.item_id WHERE i.sku = 'HELD' FOR UPDATE OF s",
  )
  return async () => {
    await client.query('COMMIT')
    await client.end()
  }
}

const metric = async (bot: TestBot, line: RegExp) =>
  Number((await (await fetch(`${bot.baseUrl}/metrics`)).text()).match(line)?.[1] ?? 0)
/** Busy refusals of `verb` so far (the counters are the process's: both transports' bots add to them). */
const busyCount = (bot: TestBot, verb: string) =>
  metric(bot, new RegExp(`^inventory_commands_total\\{verb="${verb}",outcome="busy"\\} (\\d+)$`, 'm'))
const inFlight = (bot: TestBot) => metric(bot, /^inventory_changes_in_flight (\d+)$/m)

describe.each<Transport>(['http', 'socket'])(
  'a flood of changes in in-process mode, over %s',
  (transport) => {
    let bot: TestBot
    let receipt: string
    beforeAll(async () => {
      bot = await startTestBot({ env, transport })
      await bot.answer('new HELD Held part')
      receipt = (await bot.answer('receive HELD 10')).text.match(/^#(\d+)/)?.[1] as string
    })
    afterAll(() => bot.stop())

    it('runs as many as the bound allows, answers the rest "busy" at once with nothing run, and keeps serving reads', async () => {
      const busyBefore = { issue: await busyCount(bot, 'issue'), undo: await busyCount(bot, 'undo') }
      const release = await holdBalance(bot)
      // Two changes take the two places and wait on the lock: each acks "working on it".
      const admitted = await Promise.all(
        ['held-1', 'held-2'].map((trigger_id) => bot.command('issue HELD 1', { trigger_id })),
      )
      expect(admitted.map((r) => r.ack.text)).toEqual([WORKING_ON_IT, WORKING_ON_IT])

      // Every door that makes a change is refused now: a slash command (in its ack)…
      const refused = await bot.command('issue HELD 1', { trigger_id: 'held-3' })
      expect(refused.ack.response_type).toBe('ephemeral')
      expect(refused.ack.text).toMatch(BUSY)
      // …a button (privately, on its response_url, leaving the message)…
      const click = await bot.click(ACTIONS.undo, receipt)
      const [clickReply] = await bot.slack.waitFor({ kind: 'response', name: click.responseId })
      expect(clickReply?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false })
      expect(String(clickReply?.body.text)).toMatch(BUSY)
      // …and a form, which stays open with the reason (opening it is a read, and works).
      await bot.click(ACTIONS.stockIssue, 'HELD')
      const [opened] = await bot.slack.waitFor({ kind: 'api', name: 'views.open' })
      const view = opened?.body.view as { private_metadata: string }
      const submitted = await bot.interact(
        buildViewSubmission({
          callbackId: VIEWS.movement,
          privateMetadata: view.private_metadata,
          values: { location: { selected: 'main' }, quantity: { value: '1' } },
        }),
      )
      expect(submitted.json).toMatchObject({
        response_action: 'errors',
        errors: { quantity: expect.stringMatching(/^I'm busy .*Nothing was changed/) },
      })

      expect(await busyCount(bot, 'issue')).toBe(busyBefore.issue + 2)
      expect(await busyCount(bot, 'undo')).toBe(busyBefore.undo + 1)
      expect(await inFlight(bot)).toBe(2)
      const ready = await fetch(`${bot.baseUrl}/readyz`)
      expect(ready.status).toBe(503)
      expect(await ready.json()).toMatchObject({
        checks: { capacity: false, accepting: true, database: true },
      })
      // Reads are not counted against the bound, and find a connection.
      expect((await bot.answer('stock HELD')).text).toMatch(/^HELD Held part: 10 on hand/)

      await release()
      const answers = await Promise.all(
        admitted.map(async (r) => (await bot.slack.waitFor({ kind: 'response', name: r.responseId }))[0]),
      )
      expect(answers.map((a) => String(a?.body.text))).toEqual([
        expect.stringMatching(/issued 1 HELD/),
        expect.stringMatching(/issued 1 HELD/),
      ])
      await bot.settled()
      expect((await bot.answer('stock HELD')).text).toMatch(/^HELD Held part: 8 on hand/)
      expect(await inFlight(bot)).toBe(0)
      expect((await fetch(`${bot.baseUrl}/readyz`)).status).toBe(200)

      // A busy answer is not the request's outcome: the same request, sent again, applies once.
      const retried = await bot.answer('issue HELD 1', { trigger_id: 'held-3' })
      expect(retried.text).toMatch(/issued 1 HELD Held part from main — now 7 on hand/)
      const { rows } = await bot.db.pool.query(
        "SELECT request_key FROM movements WHERE request_key LIKE 'cmd:held-%' ORDER BY request_key",
      )
      expect(rows.map((r) => r.request_key)).toEqual(['cmd:held-1', 'cmd:held-2', 'cmd:held-3'])
    }, 60_000)
  },
)
