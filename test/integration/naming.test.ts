import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced, movementCount } from '../helpers/ledger.js'

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
    expect((await changesNothing('issue 1 orange sprockets')).text).toContain('OLD-1 is archived')
    expect((await changesNothing('issue 1 orange sprockt')).text).toContain('There is no item orange sprockt')
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
  })

  it('edits an item named by its name, and asks when the name fits several', async () => {
    expect((await say('item blue bolt min 3')).text).toContain('set the reorder point of BB-2 Blue bolt to 3')
    const asked = await say('item widget min 9')
    expect(asked.text).toMatch(/^Which one\? “WIDGET” names 2 items/)
    const { rows } = await bot.db.pool.query("SELECT reorder_point FROM items WHERE sku IN ('BW-1', 'RW-1')")
    expect(rows.map((r) => r.reorder_point)).toEqual([0, 0])
  })

  it('routes alerts for a location named by its name', async () => {
    expect((await say('alerts off for loading dock')).text).toContain('Low-stock alerts for dock are off')
  })
})
