import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'

let bot: TestBot
const say = (text: string, fields?: Record<string, string>) => bot.answer(text, fields)

beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UADMIN' } })
  await say('new WIDGET Blue widget min 5')
  await say('location new shelf-2 Shelf two')
})
afterAll(async () => {
  await expectLedgerBalanced(bot.db.pool)
  await bot.stop()
})

describe('/inventory over signed HTTP', () => {
  it('answers in the ack body with 200, within Slack’s 3 seconds', async () => {
    const reply = await bot.command('help')
    expect(reply.status).toBe(200)
    expect(reply.ack.response_type).toBe('ephemeral')
    expect(reply.ack.text).toContain('/inventory receive QTY ITEM')
  })

  it('shows help for empty text', async () => {
    expect((await say('')).text).toContain('/inventory stock ITEM')
  })

  it('receives stock and names the movement and the new on-hand quantity, in the channel', async () => {
    const reply = await say('receive widget 20 at main PO 4471')
    expect(reply.response_type).toBe('in_channel')
    expect(reply.text).toMatch(
      /^#\d+ <@U0001> received 20 WIDGET Blue widget at main — now 20 on hand at main/,
    )
    expect(reply.text).toContain('PO 4471')
  })

  it('accepts the add alias and upper/lower case freely', async () => {
    expect((await say('ADD Widget 1 AT MAIN')).text).toMatch(/now 21 on hand at main/)
  })

  it('issues stock with remove/take aliases and refuses more than is available, changing nothing', async () => {
    expect((await say('issue WIDGET 1')).text).toMatch(/issued 1 WIDGET .* now 20 on hand at main/)
    expect((await say('take WIDGET 1 from main')).text).toMatch(/now 19 on hand at main/)
    const refused = await say('remove WIDGET 500')
    expect(refused.response_type).toBe('ephemeral')
    expect(refused.text).toContain('only 19 available at main')
    expect((await say('stock WIDGET')).text).toMatch(/^WIDGET Blue widget: 19 on hand, 19 available/)
  })

  it('moves stock atomically: one movement number for both legs', async () => {
    const reply = await say('move WIDGET 4 from main to shelf-2')
    const number = reply.text.match(/^#(\d+)/)?.[1]
    expect(reply.text).toContain('now 15 on hand at main, now 4 on hand at shelf-2')
    const { rows } = await bot.db.pool.query(
      'SELECT count(*)::int AS legs FROM movement_lines ml JOIN movements m ON m.id = ml.movement_id WHERE m.number = $1',
      [number],
    )
    expect(rows[0].legs).toBe(2)
  })

  it('refuses a move of more than is available at the source', async () => {
    expect((await say('move WIDGET 5 from shelf-2 to main')).text).toContain('only 4 available at shelf-2')
  })

  it('shows stock per location and in total, starting with the contract phrase', async () => {
    const reply = await say('stock widget')
    expect(reply.response_type).toBe('ephemeral')
    expect(reply.text).toMatch(/^WIDGET Blue widget: 19 on hand, 19 available · 0 reserved · main 15 on hand/)
    expect(reply.text).toContain('shelf-2 4 on hand')
    expect(reply.text).toContain('reorder point 5')
  })

  it('treats a bare SKU as a stock lookup', async () => {
    expect((await say('WIDGET')).text).toMatch(/^WIDGET Blue widget: 19 on hand/)
  })

  it('reserves stock so it is on hand but not available, and names the reservation', async () => {
    const reply = await say('reserve WIDGET 5 for job 118')
    expect(reply.text).toMatch(
      /^R-\d+ <@U0001> reserved 5 WIDGET Blue widget at main for job 118 — now 15 on hand, 10 available at main/,
    )
    expect((await say('stock WIDGET')).text).toMatch(
      /^WIDGET Blue widget: 19 on hand, 14 available · 5 reserved/,
    )
    expect((await say('issue WIDGET 11')).text).toContain('only 10 available at main')
    expect((await say('reserve WIDGET 11')).text).toContain('only 10 available at main')
  })

  it('lists open reservations and issues against one, consuming it', async () => {
    const list = await say('reservations WIDGET')
    const ref = list.text.match(/R-\d+/)?.[0] as string
    expect(ref).toBeDefined()
    const issued = await say(`issue WIDGET 5 for ${ref}`)
    expect(issued.text).toMatch(new RegExp(`issued 5 WIDGET .* for ${ref} — now 10 on hand at main`))
    expect((await say(`release ${ref}`)).text).toContain(`${ref} is already consumed`)
    expect((await say('stock WIDGET')).text).toMatch(
      /^WIDGET Blue widget: 14 on hand, 14 available · 0 reserved/,
    )
  })

  it('releases a reservation back to available', async () => {
    const ref = (await say('reserve WIDGET 2 at shelf-2')).text.match(/R-\d+/)?.[0] as string
    expect((await say(`release ${ref}`)).text).toContain(`released ${ref}`)
    expect((await say('reservations')).text).toBe('No open reservations.')
  })

  it('counts stock, recording the variance as its own entry', async () => {
    const reply = await say('count WIDGET 12 at main cycle count')
    expect(reply.text).toMatch(/^#\d+ <@U0001> counted 12 WIDGET Blue widget at main \(variance \+2\)/)
    expect(reply.text).toContain('now 12 on hand at main')
  })

  it('refuses a count below what is reserved there, with the reason', async () => {
    await say('reserve WIDGET 3 at shelf-2')
    const refused = await say('count WIDGET 2 at shelf-2')
    expect(refused.text).toContain('3 are reserved there')
    expect((await say('stock WIDGET')).text).toContain('shelf-2 4 on hand')
  })

  it('undoes a movement by appending the reversal, at most once', async () => {
    const receipt = await say('receive WIDGET 7')
    const number = receipt.text.match(/^#(\d+)/)?.[1]
    const undone = await say(`undo #${number}`)
    expect(undone.text).toMatch(
      new RegExp(
        `^#\\d+ <@U0001> undid #${number} \\(receive of WIDGET Blue widget\\) — now 12 on hand at main`,
      ),
    )
    expect((await say(`undo ${number}`)).text).toContain(`#${number} was already undone`)
  })

  it('undoes both legs of a move', async () => {
    const moved = await say('move WIDGET 2 from main to shelf-2')
    const number = moved.text.match(/^#(\d+)/)?.[1]
    expect((await say(`undo ${number}`)).text).toContain('now 12 on hand at main, now 4 on hand at shelf-2')
  })

  it('lets only the author or an admin undo', async () => {
    const number = (await say('receive WIDGET 1')).text.match(/^#(\d+)/)?.[1]
    expect((await say(`undo ${number}`, { user_id: 'U0002' })).text).toContain('Only <@U0001>')
    expect((await say(`undo ${number}`, { user_id: 'UADMIN' })).text).toMatch(/undid/)
  })

  it('refuses an undo that would drive stock below what is available', async () => {
    await say('new GADGET Gadget')
    const number = (await say('receive GADGET 5')).text.match(/^#(\d+)/)?.[1]
    await say('issue GADGET 4')
    const refused = await say(`undo ${number}`)
    expect(refused.text).toContain(`Can't undo #${number}`)
    expect(refused.text).toContain('only 1 are available now')
  })

  it('shows history newest first with movement numbers, who and why', async () => {
    const reply = await say('history WIDGET 3')
    expect(reply.text).toBe('Last 3 movements of WIDGET Blue widget')
    const rows = JSON.stringify(reply.blocks)
    expect(rows).toMatch(/\*#\d+\* <!date\^\d+\^/)
    expect(rows).toContain('<@UADMIN>')
  })

  it('finds items by SKU or name, typos tolerated', async () => {
    await say('new BOLT-M6 Hex bolt M6 zinc')
    expect((await say('find hex bollt')).text).toContain('BOLT-M6')
    expect((await say('find zinc')).text).toContain('BOLT-M6')
    expect((await say('find widgt')).text).toContain('WIDGET')
    expect((await say('find zzzzqqq')).text).toBe('No items match “zzzzqqq”.')
  })

  it('lists items at or below their reorder point', async () => {
    await say('new NUT Hex nut min 10')
    await say('receive NUT 10')
    expect((await say('low')).text).toContain('NUT (10/10)')
    await say('receive NUT 1')
    expect((await say('low')).text).not.toContain('NUT')
  })

  it('changes the reorder point, renames, archives and restores items', async () => {
    expect((await say('item NUT min 20')).text).toContain('set the reorder point of NUT Hex nut to 20')
    expect((await say('item NUT rename Hex nut M6')).text).toContain('renamed NUT Hex nut M6')
    expect((await say('item NUT archive')).text).toContain('archived NUT')
    expect((await say('low')).text).not.toContain('NUT')
    expect((await say('find hex nut')).text).not.toContain('NUT')
    expect((await say('receive NUT 1')).text).toContain('NUT Hex nut M6 is archived')
    expect((await say('history NUT')).text).toContain('movements of NUT')
    expect((await say('item NUT restore')).text).toContain('restored NUT')
  })

  it('lists and creates locations; main always exists', async () => {
    expect((await say('locations')).text).toBe('Locations: main, shelf-2')
    expect((await say('location new shelf-2')).text).toContain('already exists')
    expect((await say('locations', { team_id: 'TFRESH' })).text).toBe('Locations: main')
  })

  it.each([
    ['recieve WIDGET 5', 'Did you mean `/inventory receive`?'],
    ['receive WIDGET five', '`five` is not a quantity'],
    ['receive WIDGET 0', 'a whole number from 1 to 1,000,000,000'],
    ['receive WIDGET -3', '`-3` is not a quantity'],
    ['receive WIDGET 2.5', '`2.5` is not a quantity'],
    ['receive WIDGET 1000000001', 'is not a quantity'],
    ['receive WIDGET 99999999999999999999', 'is not a quantity'],
    ['receive NOPE 1', 'There is no item NOPE'],
    ['receive WIDGET 1 at attic', 'There is no location `attic`'],
    ['move WIDGET 1 from main', 'Usage: `/inventory move QTY ITEM from LOC to LOC'],
    ['move WIDGET 1 from main to main', 'to itself changes nothing'],
    ['undo abc', 'is not a movement number'],
    ['release R-999', 'There is no reservation R-999'],
    ['new WIDGET2', 'Usage: `/inventory new'],
    ['new WIDGET Again', 'WIDGET already exists'],
    ['stock', 'Usage: `/inventory stock ITEM`'],
    ['hello there', "I don't know `hello`"],
  ])('answers %j with a short ephemeral error and changes nothing', async (text, expected) => {
    const before = await bot.db.pool.query('SELECT count(*)::int AS n FROM movements')
    const reply = await bot.command(text)
    expect(reply.status).toBe(200)
    expect(reply.ack.response_type).toBe('ephemeral')
    expect(reply.ack.text.startsWith(':warning:')).toBe(true)
    expect(reply.ack.text).toContain(expected)
    expect(reply.ack.text).not.toMatch(/Error:|at .*\.ts:\d+|stack/i)
    const after = await bot.db.pool.query('SELECT count(*)::int AS n FROM movements')
    expect(after.rows[0].n).toBe(before.rows[0].n)
  })

  it('escapes what people type, so a note cannot ping the channel', async () => {
    const reply = await say('receive WIDGET 1 &lt;!channel&gt; &amp; co')
    expect(reply.text).toContain('&lt;!channel&gt; &amp; co')
    expect(reply.text).not.toContain('<!channel>')
  })

  it('records who, when, the verb, the quantity, the note and the workspace on every entry', async () => {
    await say('receive WIDGET 3 at shelf-2 audit me', { user_id: 'U0009' })
    const { rows } = await bot.db.pool.query(
      `SELECT m.team_id, m.actor, m.kind, m.quantity, m.note, m.created_at, m.request_key
       FROM movements m ORDER BY m.id DESC LIMIT 1`,
    )
    expect(rows[0]).toMatchObject({
      team_id: 'T0001',
      actor: 'U0009',
      kind: 'receive',
      quantity: 3,
      note: 'audit me',
    })
    expect(rows[0].created_at).toBeInstanceOf(Date)
    expect(rows[0].request_key).toMatch(/^cmd:/)
  })
})

describe('/inventory over Socket Mode', () => {
  let socketBot: TestBot
  beforeAll(async () => {
    socketBot = await startTestBot({ transport: 'socket' })
  })
  afterAll(async () => {
    await expectLedgerBalanced(socketBot.db.pool)
    await socketBot.stop()
  })

  it('creates, receives, refuses, moves and reads, each answer in its envelope’s ack', async () => {
    const ask = (text: string) => socketBot.command(text).then((reply) => reply.ack)
    expect((await ask('new WIDGET Blue widget min 5')).text).toContain('WIDGET')
    expect((await ask('location new shelf-2')).text).toContain('shelf-2')
    const received = await ask('receive widget 20 at main PO 4471')
    expect(received.response_type).toBe('in_channel')
    expect(received.text).toMatch(
      /^#\d+ <@U0001> received 20 WIDGET Blue widget at main — now 20 on hand at main/,
    )
    const refused = await ask('issue WIDGET 500')
    expect(refused.response_type).toBe('ephemeral')
    expect(refused.text).toContain('only 20 available at main')
    expect((await ask('move WIDGET 4 from main to shelf-2')).text).toContain(
      'now 16 on hand at main, now 4 on hand at shelf-2',
    )
    expect((await ask('stock widget')).text).toMatch(/^WIDGET Blue widget: 20 on hand, 20 available/)
    expect((await ask('frobnicate')).text).toContain('/inventory')
    const envelopes = socketBot.socket?.envelopes() ?? []
    expect(envelopes.filter((e) => e.type === 'slash_commands').length).toBeGreaterThanOrEqual(7)
    expect(socketBot.socket?.problems()).toEqual([])
  })
})
