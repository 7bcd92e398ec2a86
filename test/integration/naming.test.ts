import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { picksOf } from '../helpers/choices.js'
import { expectLedgerBalanced, movementCount } from '../helpers/ledger.js'
import { buildBlockAction, buildEvent, buildViewSubmission } from '../helpers/payloads.js'

/**
 * Items and locations named the way people say them, through signed slash
 * commands: exact SKU, exact name, plurals, clear partials; ambiguity asks and
 * changes nothing; nothing plausible says so.
 */

let bot: TestBot
const say = (text: string, fields?: Record<string, string>) => bot.answer(text, fields)

/** Answers `text` and checks that it changed nothing. */
async function changesNothing(text: string) {
  const before = await movementCount(bot.db.pool)
  const reserved = await bot.db.pool.query('SELECT count(*)::int AS n FROM reservations')
  const reply = await say(text)
  expect(await movementCount(bot.db.pool)).toBe(before)
  expect((await bot.db.pool.query('SELECT count(*)::int AS n FROM reservations')).rows[0].n).toBe(
    reserved.rows[0].n,
  )
  return reply
}

beforeAll(async () => {
  bot = await startTestBot()
  for (const line of [
    'new BW-1 Blue widget',
    'new RW-1 Red widget',
    'new BB-2 Blue bolt',
    'new M3-BOLT M3 bolt 20mm',
    'new M4-BOLT M4 bolt 20mm',
    'new BAT-AA AA batteries',
    // An exact SKU that also looks like another item's name.
    'new GADGET Thing',
    'new G-2 Gadget',
    'location new shelf-b Shelf B',
    'location new dock Loading dock',
    'location new bin-1 Bin one',
    'location new bin-2 Bin two',
    'location new shelf-2 Shelf two',
  ])
    expect((await say(line)).text).not.toContain(':warning:')
  await say('receive BW-1 50')
  await say('receive BW-1 20 at shelf-b')
  await say('receive BB-2 10')
  await say('receive M3-BOLT 40')
  await say('receive M4-BOLT 30')
})
afterAll(async () => {
  await expectLedgerBalanced(bot.db.pool)
  await bot.stop()
})

describe('a change names its item by SKU, name or a clear part', () => {
  it.each([
    ['issue 1 bw-1', /issued 1 BW-1 Blue widget from main/],
    ['issue 1 blue widget', /issued 1 BW-1 Blue widget from main/],
    ['issue 1 Blue Widgets', /issued 1 BW-1 Blue widget from main/],
    ['issue blue widget 1', /issued 1 BW-1 Blue widget from main/],
    ['issue 1 x blue widget', /issued 1 BW-1 Blue widget from main/],
    ['take 1 blue widgt', /issued 1 BW-1 Blue widget from main/],
    ['issue "m3 bolt 20mm" 2', /issued 2 M3-BOLT M3 bolt 20mm from main/],
    ['issue 2 m3 bolt', /issued 2 M3-BOLT M3 bolt 20mm from main/],
    ['receive 12 of aa battery at dock', /received 12 BAT-AA AA batteries at dock/],
    ['count 40 blue widget at shelf b', /counted 40 BW-1 Blue widget at shelf-b/],
  ])('%j applies and shows the SKU and name resolved to', async (text, expected) => {
    const reply = await say(text)
    expect(reply.response_type).toBe('in_channel')
    expect(reply.text).toMatch(/^#\d+ <@U0001> /)
    expect(reply.text).toMatch(expected)
  })

  it('takes a location by name, and the words after it as the note', async () => {
    const reply = await say('issue 3 blue widgets from shelf b for job 42')
    expect(reply.text).toMatch(
      /issued 3 BW-1 Blue widget from shelf-b — now \d+ on hand at shelf-b · “for job 42”/,
    )
  })

  it('moves between locations named by name, the rest of the words the note', async () => {
    await say('receive 6 blue widget at loading dock')
    const reply = await say('move 5 blue widget from loading dock to shelf b urgent')
    expect(reply.text).toMatch(/moved 5 BW-1 Blue widget from dock to shelf-b .*“urgent”/)
  })

  it('keeps every old command meaning what it meant: a code first, then the note', async () => {
    const received = await say('add BW-1 5 at Shelf-2 PO 44')
    expect(received.text).toMatch(
      /received 5 BW-1 Blue widget at shelf-2 — now 5 on hand at shelf-2 · “PO 44”/,
    )
    const moved = await say('move BW-1 3 to shelf-2 from main urgent')
    expect(moved.text).toMatch(/moved 3 BW-1 Blue widget from main to shelf-2 .*“urgent”/)
  })

  it('resolves an exact SKU to that SKU, even when it is also another item’s name', async () => {
    expect((await say('receive gadget 2')).text).toMatch(/received 2 GADGET Thing at main/)
    expect((await say('stock gadget')).text).toMatch(/^GADGET Thing: 2 on hand/)
    expect((await say('stock "Gadget "')).text).toMatch(/^GADGET Thing/)
  })

  it('asks which one when a name fits several items, and changes nothing', async () => {
    const reply = await changesNothing('issue 1 bolt')
    expect(reply.response_type).toBe('ephemeral')
    expect(reply.text).toMatch(/^Which one\? “BOLT” names 3 items: BB-2 Blue bolt \(10 available at main\), /)
    expect(reply.text).toContain('M3-BOLT M3 bolt 20mm')
    expect(reply.text).toContain('Nothing was changed.')
  })

  it('asks which location when a name fits several, with the item’s stock at each', async () => {
    await say('receive BW-1 4 at bin-2')
    const reply = await changesNothing('issue 1 blue widget from bin')
    expect(reply.text).toMatch(
      /^Which one\? “bin” names 2 locations: `bin-1` Bin one \(0 available\), `bin-2` Bin two \(4 available\)/,
    )
  })

  it('says so when nothing is plausible, with the closest names and how to create it', async () => {
    const reply = await changesNothing('issue 1 blue wodget thing')
    expect(reply.text).toMatch(/^:warning: There is no item blue wodget thing here\./)
    expect(reply.text).toContain('`/inventory new SKU blue wodget thing`')
    const none = await changesNothing('issue 1 xyzzy')
    expect(none.text).toBe(
      ':warning: There is no item XYZZY here. Create it with `/inventory new XYZZY NAME` or search with `/inventory find TEXT`.',
    )
    const nowhere = await changesNothing('issue 1 blue widget from the attic')
    expect(nowhere.text).toContain('There is no location `the attic`')
    expect(nowhere.text).toContain('`/inventory location new CODE the attic`')
  })

  it('never uses an archived item for a name it only resembles', async () => {
    await say('new OLD-1 Orange sprocket')
    await say('item OLD-1 archive')
    expect((await changesNothing('issue 1 orange sprockets')).text).toContain(
      'OLD-1 Orange sprocket is archived',
    )
    expect((await changesNothing('issue 1 orange sprockt')).text).toContain('There is no item orange sprockt')
  })
})

describe('never guesses: a look-alike that contradicts the words is not used', () => {
  it.each([
    // Only one item is alike, but a word or a number typed is not in it.
    ['issue 1 m5 bolt', 'There is no item m5 bolt here. Closest: BB-2 Blue bolt, M3-BOLT M3 bolt 20mm'],
    ['issue 1 m3 bolt 30mm', 'There is no item m3 bolt 30mm here'],
    ['issue 1 green widget', 'There is no item green widget here'],
    ['issue 1 blue gadget', 'There is no item blue gadget here'],
    ['take 1 aa batteries 9v', 'There is no item aa batteries 9v here'],
    // Locations too: a number that is not theirs, and words after a look-alike (never the note).
    ['issue 1 blue widget from shelf 9', 'There is no location `shelf 9`'],
    ['issue 1 blue widget from bin 3', 'There is no location `bin 3`'],
    ['receive 1 blue widget at loadin dock PO 7', 'There is no location `loadin dock PO 7`'],
  ])('%j changes nothing and says so', async (text, expected) => {
    const reply = await changesNothing(text)
    expect(reply.response_type).toBe('ephemeral')
    expect(reply.text).toContain(expected)
  })

  it('never takes the only item alike for one it is not, in a workspace that has just that one', async () => {
    const lone = { team_id: 'TLONE' }
    for (const line of ['new LBW Blue widget', 'new LM3 M3 bolt 20mm', 'location new shelf-2 Shelf two'])
      await say(line, lone)
    for (const [text, expected] of [
      ['issue 1 red widget', ':warning: There is no item red widget here. Closest: LBW Blue widget.'],
      ['issue 1 m5 bolt', ':warning: There is no item m5 bolt here. Closest: LM3 M3 bolt 20mm.'],
      ['issue 1 m3 bolt 30mm', ':warning: There is no item m3 bolt 30mm here. Closest: LM3 M3 bolt 20mm.'],
      [
        'issue 1 blue widget from shelf-9',
        ':warning: There is no location `shelf-9`. Closest: shelf-2 Shelf two.',
      ],
      // Alike and contradicting nothing, but not clearly it: asked, never assumed.
      [
        'issue 1 blu widgt',
        'Is this the one? “blu widgt”: LBW Blue widget (0 available at main). Nothing was changed.',
      ],
      // A clear partial is used, and named (here in a refusal).
      ['issue 1 blue widgt', ':warning: Not enough LBW Blue widget: only 0 available at main'],
    ])
      expect((await say(text as string, lone)).text, text).toContain(expected)
  })

  it('uses a look-alike whose numbers and words are all there', async () => {
    for (const line of [
      'new WASH-10 Washer 10mm',
      'new WASH-12 Washer 12mm',
      'location new rack-1 Rack one',
      'location new rack-2 Rack two',
    ])
      await say(line)
    expect((await say('receive 2 washer 12 at rack 2')).text).toMatch(
      /received 2 WASH-12 Washer 12mm at rack-2 — now 2 on hand at rack-2$/,
    )
  })

  it('names the SKU and name resolved to in a refusal too', async () => {
    const reply = await changesNothing('issue 100000 blue widgt')
    expect(reply.text).toMatch(/^:warning: Not enough BW-1 Blue widget: only \d+ available at main/)
  })

  it('offers at most five when more fit', async () => {
    for (const n of [1, 2, 3, 4, 5, 6]) await say(`new SPACER-${n} Spacer`)
    const question = await changesNothing('issue 1 spacer')
    expect(picksOf(question).map((p) => p.label.split(' — ')[0])).toEqual([
      'SPACER-1',
      'SPACER-2',
      'SPACER-3',
      'SPACER-4',
      'SPACER-5',
    ])
  })
})

describe('reads and edits name items the same way', () => {
  it('shows the stock of an item named by its name, starting with the contract phrase', async () => {
    expect((await say('stock blue bolt')).text).toMatch(/^BB-2 Blue bolt: 10 on hand, 10 available/)
    expect((await say('stock “m4 bolts”')).text).toMatch(/^M4-BOLT M4 bolt 20mm: 30 on hand/)
  })

  it('shows the history of an item named by its name', async () => {
    expect((await say('history m3 bolt 2')).text).toMatch(/^Last 2 movements of M3-BOLT M3 bolt 20mm/)
  })

  it('asks which one for a read too', async () => {
    const reply = await say('stock bolt')
    expect(reply.text).toMatch(/^Which one\? “BOLT” names 3 items: BB-2 Blue bolt \(10 available\)/)
    const reservations = await say('reservations bolt')
    expect(picksOf(reservations).map((p) => [p.actionId, JSON.parse(p.value)])[0]).toEqual([
      ACTIONS.chooseRead,
      { verb: 'reservations', sku: 'BB-2' },
    ])
  })

  it('edits an item named by its name, and asks when the name fits several', async () => {
    expect((await say('item blue bolt min 3')).text).toContain('set the reorder point of BB-2 Blue bolt to 3')
    const asked = await say('item widget min 9')
    expect(asked.text).toMatch(/^Which one\? “WIDGET” names 2 items/)
    const { rows } = await bot.db.pool.query("SELECT reorder_point FROM items WHERE sku IN ('BW-1', 'RW-1')")
    expect(rows.map((r) => r.reorder_point)).toEqual([0, 0])
  })

  it('filters the audit trail by an item named by its name, and asks which one when it fits several', async () => {
    await say('new AUD-1 Audited gizmo')
    await say('item AUD-1 archive')
    await say('item audited gizmo restore')
    expect((await say('audit audited gizmos 5')).text).toMatch(
      /^Audit trail about AUD-1: the last 2 entries, newest first/,
    )
    const asked = await say('audit bolt')
    expect(asked.text).toMatch(/^Which one\? “BOLT” names 3 items/)
    expect(picksOf(asked).every((p) => p.actionId === ACTIONS.chooseRead)).toBe(true)
  })

  it('routes alerts for a location named by its name', async () => {
    expect((await say('alerts off for loading dock')).text).toContain('Low-stock alerts for dock are off')
  })
})

/** Clicks a pick (the same action_ts twice is Slack retrying) and waits for what it set off. */
async function pick(
  value: string,
  actionId: string = ACTIONS.choose,
  fields: { responseId: string; actionTs?: string; user?: string },
) {
  const response = await bot.click(actionId, value, fields)
  expect(response.status).toBe(200)
  await bot.settled()
}

describe('Which one?: a pick runs the command on that item, once, in place of the question', () => {
  it('offers each item as a button, SKU — name — available where asked, and changes nothing until one is picked', async () => {
    const question = await changesNothing('issue 2 bolt')
    expect(picksOf(question).map((p) => p.label)).toEqual([
      'BB-2 — Blue bolt — 10 available at main',
      'M3-BOLT — M3 bolt 20mm — 36 available at main',
      'M4-BOLT — M4 bolt 20mm — 30 available at main',
    ])
    expect(question.response_type).toBe('ephemeral')
    expect(JSON.stringify(question.blocks)).toContain('Pick one and it runs, once')
  })

  it('applies the pick once: a double click, a second pick and Slack’s retry apply nothing more', async () => {
    const question = await say('issue 2 bolt')
    const [blue, m3] = picksOf(question)
    const before = await movementCount(bot.db.pool)
    await pick(blue?.value as string, ACTIONS.choose, { responseId: 'pick-1', actionTs: '1700000001.000001' })
    await pick(blue?.value as string, ACTIONS.choose, { responseId: 'pick-1', actionTs: '1700000001.000001' })
    await pick(blue?.value as string, ACTIONS.choose, { responseId: 'pick-1', actionTs: '1700000002.000002' })
    await pick(m3?.value as string, ACTIONS.choose, { responseId: 'pick-1', actionTs: '1700000003.000003' })
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    const answers = bot.slack.calls({ kind: 'response', name: 'pick-1' })
    expect(answers).toHaveLength(4)
    for (const answer of answers) {
      // Each answer replaces the question with the same result, shown to the channel.
      expect(answer.body).toMatchObject({ replace_original: true, response_type: 'in_channel' })
      expect(String(answer.body.text)).toMatch(
        /^#\d+ <@U0001> issued 2 BB-2 Blue bolt from main — now 8 on hand at main/,
      )
    }
    expect((await say('stock m3 bolt')).text).toMatch(/^M3-BOLT M3 bolt 20mm: 36 on hand/)
  })

  it('asks about the location next, with the item’s stock at each, and applies the pick there', async () => {
    const first = await changesNothing('issue 1 widget from bin')
    const blue = picksOf(first).find((p) => p.label.startsWith('BW-1'))
    await pick(blue?.value as string, ACTIONS.choose, { responseId: 'pick-2' })
    const [second] = bot.slack.calls({ kind: 'response', name: 'pick-2' })
    expect(second?.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' })
    expect(String(second?.body.text)).toMatch(/^Which one\? “bin” names 2 locations/)
    const where = picksOf(second?.body as { blocks?: unknown[] })
    expect(where.map((p) => p.label)).toEqual([
      'bin-1 — Bin one — 0 available',
      'bin-2 — Bin two — 4 available',
    ])
    await pick(where[1]?.value as string, ACTIONS.choose, { responseId: 'pick-3' })
    const [done] = bot.slack.calls({ kind: 'response', name: 'pick-3' })
    expect(String(done?.body.text)).toMatch(/issued 1 BW-1 Blue widget from bin-2 — now 3 on hand at bin-2/)
  })

  it('tells the person when the item picked has too little, in place of the question, and changes nothing', async () => {
    const question = await say('issue 9 bolt from bin-1')
    const before = await movementCount(bot.db.pool)
    await pick(picksOf(question)[0]?.value as string, ACTIONS.choose, { responseId: 'pick-4' })
    const [refused] = bot.slack.calls({ kind: 'response', name: 'pick-4' })
    expect(String(refused?.body.text)).toContain('only 0 available at bin-1')
    expect(await movementCount(bot.db.pool)).toBe(before)
  })

  it('refuses a pick by someone else, a pick that was never offered, and a closed question, changing nothing', async () => {
    const question = await say('issue 1 bolt')
    const [first] = picksOf(question)
    const id = String(first?.value).split(':')[0]
    const before = await movementCount(bot.db.pool)
    await pick(first?.value as string, ACTIONS.choose, { responseId: 'pick-5', user: 'U0002' })
    expect(String(bot.slack.calls({ kind: 'response', name: 'pick-5' })[0]?.body.text)).toContain(
      'Only <@U0001>, who asked for this change',
    )
    await pick(`${id}:BW-1`, ACTIONS.choose, { responseId: 'pick-6' })
    expect(String(bot.slack.calls({ kind: 'response', name: 'pick-6' })[0]?.body.text)).toContain(
      'sent something I cannot read',
    )
    await bot.db.pool.query(
      "UPDATE pending_choices SET created_at = now() - interval '2 hours' WHERE id = $1",
      [id],
    )
    await pick(first?.value as string, ACTIONS.choose, { responseId: 'pick-7' })
    expect(String(bot.slack.calls({ kind: 'response', name: 'pick-7' })[0]?.body.text)).toContain(
      'That question is closed',
    )
    expect(await movementCount(bot.db.pool)).toBe(before)
  })

  it('shows the item picked for a read, in place of the question', async () => {
    const question = await say('stock bolt')
    const options = picksOf(question)
    expect(options.every((p) => p.actionId === ACTIONS.chooseRead)).toBe(true)
    await pick(options[1]?.value as string, ACTIONS.chooseRead, { responseId: 'pick-8' })
    const [card] = bot.slack.calls({ kind: 'response', name: 'pick-8' })
    expect(card?.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' })
    expect(String(card?.body.text)).toMatch(/^M3-BOLT M3 bolt 20mm: \d+ on hand/)
    const history = picksOf(await say('history bolt 2'))
    await pick(history[0]?.value as string, ACTIONS.chooseRead, { responseId: 'pick-9' })
    expect(String(bot.slack.calls({ kind: 'response', name: 'pick-9' })[0]?.body.text)).toMatch(
      /^Last 2 movements of BB-2 Blue bolt/,
    )
  })

  it('asks to confirm a big change picked, in place of the question, and applies the confirmation once', async () => {
    await say('receive 200 WASH-10')
    await say('receive 200 WASH-12')
    const question = await changesNothing('issue 150 washer')
    const ten = picksOf(question).find((p) => p.label.startsWith('WASH-10'))
    const before = await movementCount(bot.db.pool)
    await pick(ten?.value as string, ACTIONS.choose, { responseId: 'pick-big' })
    const [prompt] = bot.slack.calls({ kind: 'response', name: 'pick-big' })
    expect(String(prompt?.body.text)).toMatch(
      /^This changes more than 100 units: issued 150 WASH-10 Washer 10mm from main/,
    )
    expect(await movementCount(bot.db.pool)).toBe(before)
    const confirm = picksOf(prompt?.body as { blocks?: unknown[] }).find(
      (p) => p.actionId === ACTIONS.confirm,
    )
    await pick(String(confirm?.value), ACTIONS.confirm, {
      responseId: 'confirm-big',
      actionTs: '1700000030.1',
    })
    await pick(String(confirm?.value), ACTIONS.confirm, {
      responseId: 'confirm-big',
      actionTs: '1700000030.1',
    })
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    expect((await say('stock WASH-10')).text).toMatch(/^WASH-10 Washer 10mm: 50 on hand/)
  })

  it('answers a question of a rarer change (an item edit) the same way', async () => {
    const question = await say('item widget min 9')
    const red = picksOf(question).find((p) => p.label.startsWith('RW-1'))
    await pick(red?.value as string, ACTIONS.choose, { responseId: 'pick-10' })
    await pick(red?.value as string, ACTIONS.choose, { responseId: 'pick-10' })
    const answers = bot.slack.calls({ kind: 'response', name: 'pick-10' })
    expect(answers.map((a) => String(a.body.text))).toEqual([
      '<@U0001> set the reorder point of RW-1 Red widget to 9.',
      '<@U0001> set the reorder point of RW-1 Red widget to 9.',
    ])
    const { rows } = await bot.db.pool.query(
      "SELECT sku, reorder_point FROM items WHERE sku IN ('BW-1', 'RW-1') ORDER BY sku",
    )
    expect(rows).toEqual([
      { sku: 'BW-1', reorder_point: 0 },
      { sku: 'RW-1', reorder_point: 9 },
    ])
  })

  it('asks about a location of an alert route, and routes the pick', async () => {
    const question = await say('alerts off for bin')
    const options = picksOf(question)
    expect(options.map((p) => p.label)).toEqual(['bin-1 — Bin one', 'bin-2 — Bin two'])
    await pick(options[0]?.value as string, ACTIONS.choose, { responseId: 'pick-11' })
    expect(String(bot.slack.calls({ kind: 'response', name: 'pick-11' })[0]?.body.text)).toContain(
      'Low-stock alerts for bin-1 are off',
    )
  })
})

describe('the stock card and its forms, for an item named by its name', () => {
  it('opens forms for the item the name resolved to, and applies them to it', async () => {
    const card = await say('stock blue bolt')
    expect(card.text).toMatch(/^BB-2 Blue bolt: /)
    const value = JSON.stringify(card.blocks).match(
      new RegExp(`"action_id":"${ACTIONS.stockIssue}","value":"([^"]+)"`),
    )?.[1]
    expect(value).toBe('BB-2')
    const opened = bot.slack.calls({ kind: 'api', name: 'views.open' }).length
    await bot.interact(buildBlockAction({ actionId: ACTIONS.stockIssue, value: String(value) }))
    const [view] = (await bot.slack.waitFor({ kind: 'api', name: 'views.open' }, opened + 1)).slice(-1)
    const metadata = String((view?.body.view as { private_metadata?: string } | undefined)?.private_metadata)
    expect(JSON.parse(metadata)).toMatchObject({ verb: 'issue', sku: 'BB-2' })
    const posts = bot.slack.calls({ kind: 'api', name: 'chat.postMessage' }).length
    const submitted = await bot.interact(
      buildViewSubmission({
        callbackId: VIEWS.movement,
        privateMetadata: metadata,
        values: { location: { selected: 'main' }, quantity: { value: '1' } },
      }),
    )
    expect(submitted.status).toBe(200)
    const [posted] = (await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' }, posts + 1)).slice(-1)
    expect(String(posted?.body.text)).toMatch(/issued 1 BB-2 Blue bolt from main/)
  })
})

describe('from the App Home', () => {
  it('asks in its Messages tab, applies the pick once, and the Home shows the change picked', async () => {
    await bot.event(
      buildEvent({ event: { type: 'app_home_opened', user: 'UHOME', tab: 'home', channel: 'DHOME' } }),
    )
    await bot.slack.waitFor({ kind: 'api', name: 'views.publish' })
    const published = bot.slack.calls({ kind: 'api', name: 'views.publish' }).length
    const question = await say('issue 1 bolt', { user_id: 'UHOME', channel_id: 'DHOME' })
    expect(question.text).toMatch(/^Which one\? “BOLT” names 3 items/)
    const [blue] = picksOf(question)
    const before = await movementCount(bot.db.pool)
    for (let i = 0; i < 2; i += 1)
      await bot.click(ACTIONS.choose, String(blue?.value), {
        user: 'UHOME',
        channel: 'DHOME',
        responseId: 'home-pick',
        actionTs: '1700000020.000001',
      })
    await bot.settled()
    const answers = bot.slack.calls({ kind: 'response', name: 'home-pick' })
    expect(answers).toHaveLength(2)
    for (const answer of answers)
      expect(String(answer.body.text)).toMatch(/^#\d+ <@UHOME> issued 1 BB-2 Blue bolt from main/)
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
    const [home] = (await bot.slack.waitFor({ kind: 'api', name: 'views.publish' }, published + 1)).slice(-1)
    expect(JSON.stringify(home?.body.view)).toContain('BB-2 · *#')
  })
})
