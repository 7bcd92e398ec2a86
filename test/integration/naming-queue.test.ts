import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS } from '../../src/slack/blocks/index.js'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { picksOf } from '../helpers/choices.js'
import { expectLedgerBalanced, movementCount } from '../helpers/ledger.js'
import { buildEvent } from '../helpers/payloads.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

/**
 * Naming items in queue mode: the bot only accepts a change, so what a name
 * names is decided when a worker applies it (no database read before the ack),
 * and the worker's answer, "which one?" included, replaces "working on it".
 */

const prefix = uniquePrefix('naming')
let bot: TestBot
let worker: RunningWorker

/** The answer a worker posted for a command or a click on this response_url. */
async function answered(responseId: string, count = 1) {
  const calls = await bot.slack.waitFor({ kind: 'response', name: responseId }, count)
  return calls.map((c) => c.body as { text: string; blocks?: unknown[]; replace_original?: boolean })
}

beforeAll(async () => {
  bot = await startTestBot({ env: queueEnv(prefix) })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env: queueEnv(prefix) })
  for (const line of [
    'new BB-2 Blue bolt',
    'new M3-BOLT M3 bolt 20mm',
    'new BW-1 Blue widget',
    // An exact SKU that also looks like another item's name.
    'new GADGET Thing',
    'new G-2 Gadget',
    'location new bin-1 Bin one',
    'location new bin-2 Bin two',
  ])
    await bot.answer(line)
  await bot.answer('receive 10 blue bolts')
  await bot.answer('receive 20 m3 bolt')
  await bot.answer('receive 5 blue widget')
})
afterAll(async () => {
  await expectLedgerBalanced(bot.db.pool)
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

describe('naming items in queue mode', () => {
  it('applies a clear partial in the worker and names the SKU resolved to', async () => {
    const reply = await bot.command('issue 2 blue widgt')
    expect(reply.ack.text).toBe(WORKING_ON_IT)
    const [answer] = await answered(reply.responseId)
    expect(answer?.text).toMatch(/^#\d+ <@U0001> issued 2 BW-1 Blue widget from main/)
  })

  it('asks which one in place of "working on it", and a pick applies once through the queue', async () => {
    const before = await movementCount(bot.db.pool)
    const reply = await bot.command('issue 3 bolt')
    expect(reply.ack.text).toBe(WORKING_ON_IT)
    const [question] = await answered(reply.responseId)
    expect(question?.replace_original).toBe(true)
    expect(question?.text).toMatch(/^Which one\? “BOLT” names 2 items/)
    const [blue, m3] = picksOf(question)
    expect(blue?.label).toBe('BB-2 — Blue bolt — 10 available at main')
    expect(await movementCount(bot.db.pool)).toBe(before)

    // A double click, Slack's retry of it, and a second pick: one change.
    await bot.click(ACTIONS.choose, String(blue?.value), {
      responseId: 'q-pick',
      actionTs: '1700000010.000001',
    })
    await bot.click(ACTIONS.choose, String(blue?.value), {
      responseId: 'q-pick',
      actionTs: '1700000010.000001',
    })
    await bot.click(ACTIONS.choose, String(blue?.value), {
      responseId: 'q-pick',
      actionTs: '1700000011.000001',
    })
    await bot.click(ACTIONS.choose, String(m3?.value), {
      responseId: 'q-pick',
      actionTs: '1700000012.000001',
    })
    const answers = await answered('q-pick', 4)
    for (const answer of answers)
      expect(answer.text).toMatch(/issued 3 BB-2 Blue bolt from main — now 7 on hand/)
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    expect((await bot.answer('stock m3 bolt')).text).toMatch(/^M3-BOLT M3 bolt 20mm: 20 on hand/)
  })

  it('changes nothing for a name that fits nothing, or only a look-alike with another number', async () => {
    const before = await movementCount(bot.db.pool)
    for (const [text, expected] of [
      ['issue 1 sprocket', 'There is no item SPROCKET here'],
      ['issue 1 m5 bolt', 'There is no item m5 bolt here. Closest: '],
      ['issue 1 blue widget from bin 3', 'There is no location `bin 3`'],
    ]) {
      const reply = await bot.command(text as string)
      expect(reply.ack.text).toBe(WORKING_ON_IT)
      const [answer] = await answered(reply.responseId)
      expect(answer?.text, text).toContain(expected)
    }
    expect(await movementCount(bot.db.pool)).toBe(before)
  })

  it('resolves an exact SKU to that SKU, even when it is also another item’s name', async () => {
    const reply = await bot.command('receive gadget 2')
    const [answer] = await answered(reply.responseId)
    expect(answer?.text).toMatch(/received 2 GADGET Thing at main/)
  })

  it('asks which location when a name fits several, and applies the pick there', async () => {
    await bot.answer('receive 4 blue widget at bin-2')
    const before = await movementCount(bot.db.pool)
    const reply = await bot.command('issue 1 blue widget from bin')
    const [question] = await answered(reply.responseId)
    expect(question?.text).toMatch(/^Which one\? “bin” names 2 locations: `bin-1` Bin one \(0 available\)/)
    expect(await movementCount(bot.db.pool)).toBe(before)
    const [, two] = picksOf(question)
    await bot.click(ACTIONS.choose, String(two?.value), { responseId: 'q-bin' })
    const [done] = await answered('q-bin')
    expect(done?.text).toMatch(/issued 1 BW-1 Blue widget from bin-2 — now 3 on hand at bin-2/)
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
  })

  it('asks which one for a read directly, and shows the pick', async () => {
    const reply = await bot.command('history bolt')
    const [first] = picksOf(reply.ack)
    expect(first?.actionId).toBe(ACTIONS.chooseRead)
    await bot.click(ACTIONS.chooseRead, String(first?.value), { responseId: 'q-read' })
    const [card] = await answered('q-read')
    expect(card?.text).toMatch(/^Last 2 movements of BB-2 Blue bolt/)
  })

  it('works from the App Home’s Messages tab, and the Home shows the change picked', async () => {
    await bot.event(
      buildEvent({ event: { type: 'app_home_opened', user: 'UHOME', tab: 'home', channel: 'DHOME' } }),
    )
    await bot.slack.waitFor({ kind: 'api', name: 'views.publish' })
    const published = bot.slack.calls({ kind: 'api', name: 'views.publish' }).length
    const reply = await bot.command('issue 1 bolt', { user_id: 'UHOME', channel_id: 'DHOME' })
    const [question] = await answered(reply.responseId)
    const [blue] = picksOf(question)
    await bot.click(ACTIONS.choose, String(blue?.value), {
      user: 'UHOME',
      channel: 'DHOME',
      responseId: 'q-home',
    })
    const [done] = await answered('q-home')
    expect(done?.text).toMatch(/^#\d+ <@UHOME> issued 1 BB-2 Blue bolt from main/)
    const [home] = (await bot.slack.waitFor({ kind: 'api', name: 'views.publish' }, published + 1)).slice(-1)
    expect(JSON.stringify(home?.body.view)).toContain('BB-2 · *#')
  })
})
