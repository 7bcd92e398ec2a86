import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { decodeSlackText, parseCommandText } from '../../../src/slack/parse.js'

const errorOf = (text: string) => {
  try {
    parseCommandText(text)
  } catch (error) {
    if (error instanceof InputError) return { code: error.code, details: error.details }
    throw error
  }
  throw new Error(`parsed ${text}`)
}

describe('parseCommandText', () => {
  it.each([
    ['', { verb: 'help' }],
    ['help', { verb: 'help' }],
    ['receive widget 5', { verb: 'receive', sku: 'WIDGET', quantity: 5 }],
    ['receive WIDGET 5 from ACME', { verb: 'receive', sku: 'WIDGET', quantity: 5, note: 'from ACME' }],
    [
      'issue W 2 from bin for R-7 broken',
      { verb: 'issue', sku: 'W', quantity: 2, location: 'bin', reservation: 7, note: 'broken' },
    ],
    ['take W 2 for r7', { verb: 'issue', sku: 'W', quantity: 2, reservation: 7 }],
    ['remove W 2 for the lab', { verb: 'issue', sku: 'W', quantity: 2, note: 'for the lab' }],
    ['move W 3 from a to b', { verb: 'move', sku: 'W', quantity: 3, from: 'a', to: 'b' }],
    ['count W 0 at a', { verb: 'count', sku: 'W', quantity: 0, location: 'a' }],
    ['reserve W 4 for job 118', { verb: 'reserve', sku: 'W', quantity: 4, ref: 'job 118' }],
    [
      'reserve W 4 at a for <@U123>',
      { verb: 'reserve', sku: 'W', quantity: 4, location: 'a', ref: '<@U123>' },
    ],
    ['release R-12', { verb: 'release', reservation: 12 }],
    ['reservations', { verb: 'reservations' }],
    ['reservations w', { verb: 'reservations', sku: 'W' }],
    ['undo #123', { verb: 'undo', movement: 123 }],
    ['undo 9', { verb: 'undo', movement: 9 }],
    ['stock w', { verb: 'stock', sku: 'W' }],
    ['WIDGET', { verb: 'stock', sku: 'WIDGET' }],
    ['find blue  widget', { verb: 'find', text: 'blue widget' }],
    ['low', { verb: 'low' }],
    ['history w', { verb: 'history', sku: 'W', limit: 10 }],
    ['history w 500', { verb: 'history', sku: 'W', limit: 40 }],
    ['new w Blue widget', { verb: 'new', sku: 'W', name: 'Blue widget' }],
    ['new w Blue widget min 10', { verb: 'new', sku: 'W', name: 'Blue widget', reorderPoint: 10 }],
    ['item w min 3', { verb: 'item.min', sku: 'W', reorderPoint: 3 }],
    ['item w rename Red widget', { verb: 'item.rename', sku: 'W', name: 'Red widget' }],
    ['item w archive', { verb: 'item.archive', sku: 'W' }],
    ['item w restore', { verb: 'item.restore', sku: 'W' }],
    ['location new Bin-3 Bin three', { verb: 'location.new', code: 'bin-3', name: 'Bin three' }],
    ['locations', { verb: 'locations' }],
    ['receive W 5 Nuts &amp; bolts', { verb: 'receive', sku: 'W', quantity: 5, note: 'Nuts & bolts' }],
  ])('%j', (text, action) => {
    expect(parseCommandText(text)).toEqual(action)
  })

  it.each([
    ['receive W', 'USAGE'],
    ['receive W five', 'BAD_QUANTITY'],
    ['receive W 0', 'BAD_QUANTITY'],
    ['receive W 1000000001', 'BAD_QUANTITY'],
    ['receive W 1e3', 'BAD_QUANTITY'],
    ['receive W -1', 'BAD_QUANTITY'],
    ['receive W 12345678901234567890', 'BAD_QUANTITY'],
    ['receive W! 1', 'BAD_SKU'],
    ['receive W 1 at sh!lf', 'BAD_LOCATION_CODE'],
    ['move W 1 from a', 'USAGE'],
    ['undo x', 'UNKNOWN_MOVEMENT'],
    ['release R-x', 'UNKNOWN_RESERVATION'],
    ['recieve W 5', 'UNKNOWN_VERB'],
    ['hello world', 'UNKNOWN_VERB'],
    ['item W explode', 'USAGE'],
    ['stock', 'USAGE'],
    ['low please', 'USAGE'],
    [`receive W 1 ${'x'.repeat(501)}`, 'USAGE'],
  ])('refuses %j with %s', (text, code) => {
    expect(errorOf(text).code).toBe(code)
  })

  it('suggests the closest verb for a typo', () => {
    expect(errorOf('recieve W 5').details).toMatchObject({ given: 'recieve', suggestion: 'receive' })
    expect(errorOf('stokc').details).toMatchObject({ suggestion: 'stock' })
  })

  it('decodes only the three entities Slack escapes', () => {
    expect(decodeSlackText('&lt;b&gt; &amp;amp; &quot;')).toBe('<b> &amp; &quot;')
  })
})

describe('parseCommandText keeps to the command schema', () => {
  it.each([
    ['undo 0', 'UNKNOWN_MOVEMENT'],
    ['release R0', 'UNKNOWN_RESERVATION'],
    ['receive X 1 for REQ-0', 'UNKNOWN_REQUEST'],
    [`location new abc ${'n'.repeat(250)}`, 'USAGE'],
    [`new X ${'n'.repeat(201)}`, 'USAGE'],
    [`item X rename ${'n'.repeat(201)}`, 'USAGE'],
    ['alerts <#C1>', 'BAD_CHANNEL'],
    ['alerts general', 'BAD_CHANNEL'],
    ['constructor x', 'UNKNOWN_VERB'],
    ['toString x', 'UNKNOWN_VERB'],
  ])('refuses %j with %s', (text, code) => {
    expect(errorOf(text).code).toBe(code)
  })

  it('reads channels as Slack escapes them', () => {
    expect(parseCommandText('alerts <#C0123ABC|warehouse> for shelf-2')).toEqual({
      verb: 'alerts.set',
      channel: 'C0123ABC',
      location: 'shelf-2',
    })
    expect(parseCommandText('alerts off')).toEqual({ verb: 'alerts.off' })
    expect(parseCommandText('new X Widget min 4')).toEqual({
      verb: 'new',
      sku: 'X',
      name: 'Widget',
      reorderPoint: 4,
    })
  })
})

describe('items named the way people say them', () => {
  it.each([
    // The quantity first, with or without x / of.
    ['issue 3 blue widget', { verb: 'issue', sku: 'blue widget', quantity: 3 }],
    ['issue blue widget 3', { verb: 'issue', sku: 'blue widget', quantity: 3 }],
    ['issue 3 x blue widget', { verb: 'issue', sku: 'blue widget', quantity: 3 }],
    ['issue 3x blue widget', { verb: 'issue', sku: 'blue widget', quantity: 3 }],
    ['issue blue widget x 3', { verb: 'issue', sku: 'blue widget', quantity: 3 }],
    [
      'receive 12 of blue widget at dock',
      { verb: 'receive', sku: 'blue widget', quantity: 12, location: 'dock' },
    ],
    ['take 2 Widget', { verb: 'issue', sku: 'WIDGET', quantity: 2 }],
    ['count 0 blue widget at a', { verb: 'count', sku: 'blue widget', quantity: 0, location: 'a' }],
    [
      'reserve 4 blue widget for job 118',
      { verb: 'reserve', sku: 'blue widget', quantity: 4, ref: 'job 118' },
    ],
    ['move 5 blue widget from a to b', { verb: 'move', sku: 'blue widget', quantity: 5, from: 'a', to: 'b' }],
    ['move blue widget 5 to b from a', { verb: 'move', sku: 'blue widget', quantity: 5, from: 'a', to: 'b' }],
    // Plurals and case are kept as typed: the database forgives them.
    ['issue 3 Blue Widgets from a', { verb: 'issue', sku: 'Blue Widgets', quantity: 3, location: 'a' }],
    [
      'issue 3 blue widgets from b for job 42',
      { verb: 'issue', sku: 'blue widgets', quantity: 3, location: 'b', note: 'for job 42' },
    ],
    // A keyword ends a name; after a quantity it is what follows.
    ['receive 5 widget from acme', { verb: 'receive', sku: 'WIDGET', quantity: 5, note: 'from acme' }],
    ['issue 2 widget for R-7', { verb: 'issue', sku: 'WIDGET', quantity: 2, reservation: 7 }],
    // Quotes, straight and curly, hold names with numbers and keywords.
    ['issue "m3 bolt" 20', { verb: 'issue', sku: 'm3 bolt', quantity: 20 }],
    ['issue 20 "m3 bolt"', { verb: 'issue', sku: 'm3 bolt', quantity: 20 }],
    ['issue “m3 bolt” 20', { verb: 'issue', sku: 'm3 bolt', quantity: 20 }],
    ['issue 20 “m3 bolt” from a', { verb: 'issue', sku: 'm3 bolt', quantity: 20, location: 'a' }],
    ['issue „m3 bolt“ 20', { verb: 'issue', sku: 'm3 bolt', quantity: 20 }],
    [
      'receive 2 "box of nuts for bolts" at a',
      { verb: 'receive', sku: 'box of nuts for bolts', quantity: 2, location: 'a' },
    ],
    ['issue "x" 2', { verb: 'issue', sku: 'x', quantity: 2 }],
    ['issue 3 "from" at a', { verb: 'issue', sku: 'from', quantity: 3, location: 'a' }],
    ['issue "  spaced   out  " 2', { verb: 'issue', sku: 'spaced out', quantity: 2 }],
    ['issue 2 "12"', { verb: 'issue', sku: '12', quantity: 2 }],
    // Numbers inside names.
    ['issue m3 bolt 20', { verb: 'issue', sku: 'm3 bolt', quantity: 20 }],
    ['issue 20 m3 bolt', { verb: 'issue', sku: 'm3 bolt', quantity: 20 }],
    ['issue 4 2x4 stud 8ft', { verb: 'issue', sku: '2x4 stud 8ft', quantity: 4 }],
    ['issue 5 size 10 washer', { verb: 'issue', sku: 'size 10 washer', quantity: 5 }],
    ['issue 3 12345', { verb: 'issue', sku: '3', quantity: 12345 }],
    ['issue 12345 3', { verb: 'issue', sku: '12345', quantity: 3 }],
    ['issue 3 x 12345', { verb: 'issue', sku: '12345', quantity: 3 }],
    ['issue 3x 5', { verb: 'issue', sku: '3X', quantity: 5 }],
    // Names in any script and with the punctuation names use.
    ['issue 2 café crème', { verb: 'issue', sku: 'café crème', quantity: 2 }],
    ['issue 2 café', { verb: 'issue', sku: 'café', quantity: 2 }],
    ["issue 1 o'brien clamp", { verb: 'issue', sku: "o'brien clamp", quantity: 1 }],
    ['issue 1 nuts &amp; bolts', { verb: 'issue', sku: 'nuts & bolts', quantity: 1 }],
    // Notes keep their quotes.
    ['receive W 5 "rush" order', { verb: 'receive', sku: 'W', quantity: 5, note: '"rush" order' }],
    ['receive W 5 6" pipe', { verb: 'receive', sku: 'W', quantity: 5, note: '6" pipe' }],
    ['receive W 5 an "open quote', { verb: 'receive', sku: 'W', quantity: 5, note: 'an "open quote' }],
    // Reads and edits.
    ['stock blue widget', { verb: 'stock', sku: 'blue widget' }],
    ['stock “blue widget”', { verb: 'stock', sku: 'blue widget' }],
    ['history blue widget', { verb: 'history', sku: 'blue widget', limit: 10 }],
    ['history blue widget 20', { verb: 'history', sku: 'blue widget', limit: 20 }],
    ['history "size 10" 5', { verb: 'history', sku: 'size 10', limit: 5 }],
    ['history 20', { verb: 'history', sku: '20', limit: 10 }],
    ['reservations blue widget', { verb: 'reservations', sku: 'blue widget' }],
    ['export history blue widget', { verb: 'export', sku: 'blue widget' }],
    ['item blue widget min 3', { verb: 'item.min', sku: 'blue widget', reorderPoint: 3 }],
    ['item blue widget rename Red widget', { verb: 'item.rename', sku: 'blue widget', name: 'Red widget' }],
    ['item "min gauge" archive', { verb: 'item.archive', sku: 'min gauge' }],
    // Locations by name: the words up to a keyword (the database takes the location from their
    // front, the rest starts the note: test/integration/naming.test.ts), or a quoted phrase.
    [
      'add Widget 5 at Shelf-2 PO 44',
      { verb: 'receive', sku: 'WIDGET', quantity: 5, location: 'Shelf-2 PO 44' },
    ],
    ['move W 3 to b from a urgent', { verb: 'move', sku: 'W', quantity: 3, from: 'a urgent', to: 'b' }],
    [
      'issue 3 blue widgets from shelf b for job 42',
      { verb: 'issue', sku: 'blue widgets', quantity: 3, location: 'shelf b', note: 'for job 42' },
    ],
    [
      'issue 3 blue widget from shelf b for R-7 spare',
      { verb: 'issue', sku: 'blue widget', quantity: 3, location: 'shelf b', reservation: 7, note: 'spare' },
    ],
    ['move 5 blue widget from a to b', { verb: 'move', sku: 'blue widget', quantity: 5, from: 'a', to: 'b' }],
    [
      'move 5 blue widget from loading dock to shelf b urgent',
      { verb: 'move', sku: 'blue widget', quantity: 5, from: 'loading dock', to: 'shelf b urgent' },
    ],
    [
      'receive 12 of blue widget at dock',
      { verb: 'receive', sku: 'blue widget', quantity: 12, location: 'dock' },
    ],
    [
      'receive 2 W at “shelf b” rush',
      { verb: 'receive', sku: 'W', quantity: 2, location: '"shelf b"', note: 'rush' },
    ],
    [
      'receive 2 W at "to do" bin',
      { verb: 'receive', sku: 'W', quantity: 2, location: '"to do"', note: 'bin' },
    ],
    ['receive 2 W at Dock', { verb: 'receive', sku: 'W', quantity: 2, location: 'dock' }],
    ['receive 2 W at Lager Süd', { verb: 'receive', sku: 'W', quantity: 2, location: 'Lager Süd' }],
    ['reserve W 4 at a <@U123>', { verb: 'reserve', sku: 'W', quantity: 4, location: 'a', ref: '<@U123>' }],
    ['count 7 W at back room', { verb: 'count', sku: 'W', quantity: 7, location: 'back room' }],
    ['alerts off for shelf b', { verb: 'alerts.off', location: 'shelf b' }],
    // Everything at once, in the orders the issue lists.
    [
      'issue 3 x blue widgets from shelf b for job 42',
      { verb: 'issue', sku: 'blue widgets', quantity: 3, location: 'shelf b', note: 'for job 42' },
    ],
    [
      'issue blue widgets x 3 from “shelf b” for R-9',
      { verb: 'issue', sku: 'blue widgets', quantity: 3, location: '"shelf b"', reservation: 9 },
    ],
    [
      'receive 12 of "m3 bolt" at dock PO 4471',
      { verb: 'receive', sku: 'm3 bolt', quantity: 12, location: 'dock PO 4471' },
    ],
    ['receive 12 of box of nuts', { verb: 'receive', sku: 'box of nuts', quantity: 12 }],
    ['receive 5 box x at a', { verb: 'receive', sku: 'box x', quantity: 5, location: 'a' }],
    [
      'move 2x “m3 bolt” from “to do” to shelf b',
      { verb: 'move', sku: 'm3 bolt', quantity: 2, from: '"to do"', to: 'shelf b' },
    ],
    [
      'move “at home kit” 1 from a to b',
      { verb: 'move', sku: 'at home kit', quantity: 1, from: 'a', to: 'b' },
    ],
    ['count 0 of "for sale sign" at a', { verb: 'count', sku: 'for sale sign', quantity: 0, location: 'a' }],
    ['reserve 2 "m3 bolt" for job 7', { verb: 'reserve', sku: 'm3 bolt', quantity: 2, ref: 'job 7' }],
    ['issue 10 AA batteries', { verb: 'issue', sku: 'AA batteries', quantity: 10 }],
    ['issue 1 9v battery', { verb: 'issue', sku: '9v battery', quantity: 1 }],
    // The audit trail of an item named by its name, with or without a count.
    ['audit blue widget', { verb: 'audit', sku: 'blue widget', limit: 20 }],
    ['audit blue widget 5', { verb: 'audit', sku: 'blue widget', limit: 5 }],
    ['audit w 5', { verb: 'audit', sku: 'W', limit: 5 }],
    ['audit "m3 bolt"', { verb: 'audit', sku: 'm3 bolt', limit: 20 }],
    ['audit 5', { verb: 'audit', limit: 5 }],
    ['audit denials', { verb: 'audit', denials: true, limit: 20 }],
  ])('%j', (text, action) => {
    expect(parseCommandText(text)).toEqual(action)
  })

  it.each([
    ['issue 3', 'USAGE'],
    ['issue 3 x', 'USAGE'],
    ['issue blue widget', 'BAD_QUANTITY'],
    ['issue blue widget 0', 'BAD_QUANTITY'],
    ['issue 0 blue widget', 'BAD_QUANTITY'],
    ['issue 99999999999 blue widget', 'BAD_QUANTITY'],
    ['issue 3 <@U123>', 'BAD_SKU'],
    ['issue 3 blue widget!', 'BAD_SKU'],
    [`issue 3 "${'n'.repeat(201)}"`, 'USAGE'],
    ['item blue widget', 'USAGE'],
    ['"stock" W', 'UNKNOWN_VERB'],
  ])('refuses %j with %s', (text, code) => {
    expect(errorOf(text).code).toBe(code)
  })
})
