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
    [
      'add Widget 5 at Shelf-2 PO 44',
      { verb: 'receive', sku: 'WIDGET', quantity: 5, location: 'shelf-2', note: 'PO 44' },
    ],
    ['receive WIDGET 5 from ACME', { verb: 'receive', sku: 'WIDGET', quantity: 5, note: 'from ACME' }],
    [
      'issue W 2 from bin for R-7 broken',
      { verb: 'issue', sku: 'W', quantity: 2, location: 'bin', reservation: 7, note: 'broken' },
    ],
    ['take W 2 for r7', { verb: 'issue', sku: 'W', quantity: 2, reservation: 7 }],
    ['remove W 2 for the lab', { verb: 'issue', sku: 'W', quantity: 2, note: 'for the lab' }],
    ['move W 3 from a to b', { verb: 'move', sku: 'W', quantity: 3, from: 'a', to: 'b' }],
    [
      'move W 3 to b from a urgent',
      { verb: 'move', sku: 'W', quantity: 3, from: 'a', to: 'b', note: 'urgent' },
    ],
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
