import { describe, expect, it } from 'vitest'
import {
  movementAgainstStock,
  movementFromForm,
  newItemFromForm,
  reorderFromForm,
  type ViewState,
  wholeNumber,
} from '../../../src/slack/forms.js'
import { FIELD_ERRORS } from '../../../src/slack/wording/index.js'
import { ITEM_FORM } from '../../helpers/listeners.js'

/** Form state as Slack sends it: text inputs, and selects for location fields. */
function state(values: Record<string, string | undefined>): ViewState {
  return Object.fromEntries(
    Object.entries(values).map(([block, value]) => [
      block,
      {
        value: ['location', 'from', 'to'].includes(block)
          ? { selected_option: value ? { value } : null }
          : { value },
      },
    ]),
  )
}

describe('movementFromForm', () => {
  it('reads an issue: quantity, location and note', () => {
    expect(
      movementFromForm(
        { verb: 'issue', sku: 'WIDGET' },
        state({ quantity: ' 3 ', location: 'main', note: 'for the lab' }),
      ),
    ).toEqual({
      action: { verb: 'issue', sku: 'WIDGET', quantity: 3, location: 'main', note: 'for the lab' },
    })
  })

  it('reads a reservation’s note as its reference, and a receipt’s reorder request', () => {
    expect(
      movementFromForm(
        { verb: 'reserve', sku: 'W' },
        state({ quantity: '2', location: 'main', ref: 'job 7' }),
      ),
    ).toEqual({ action: { verb: 'reserve', sku: 'W', quantity: 2, location: 'main', ref: 'job 7' } })
    expect(
      movementFromForm(
        { verb: 'receive', sku: 'W', request: 4 },
        state({ quantity: '10', location: 'main' }),
      ),
    ).toEqual({ action: { verb: 'receive', sku: 'W', quantity: 10, location: 'main', request: 4 } })
  })

  it('reads a move between two locations', () => {
    expect(
      movementFromForm({ verb: 'move', sku: 'W' }, state({ quantity: '1', from: 'main', to: 'shelf' })),
    ).toEqual({
      action: { verb: 'move', sku: 'W', quantity: 1, from: 'main', to: 'shelf' },
    })
  })

  it('answers an error per field: no whole quantity, no location, the same location twice', () => {
    expect(
      movementFromForm({ verb: 'issue', sku: 'W' }, state({ quantity: '1.5', location: undefined })),
    ).toEqual({
      errors: { quantity: FIELD_ERRORS.quantity, location: FIELD_ERRORS.location },
    })
    expect(
      movementFromForm({ verb: 'move', sku: 'W' }, state({ quantity: '0', from: 'main', to: 'main' })),
    ).toEqual({
      errors: { quantity: FIELD_ERRORS.quantity, to: FIELD_ERRORS.sameLocation },
    })
    expect(movementFromForm({ verb: 'move', sku: 'W' }, state({ quantity: '2', from: 'main' }))).toEqual({
      errors: { to: FIELD_ERRORS.location },
    })
  })
})

describe('movementAgainstStock', () => {
  it('refuses to take out more than is available where it leaves from', () => {
    const issue = { verb: 'issue', sku: 'WIDGET', quantity: 4, location: 'main' } as const
    expect(movementAgainstStock(issue, ITEM_FORM)).toEqual({ quantity: FIELD_ERRORS.available(3, 'main') })
    expect(movementAgainstStock({ ...issue, quantity: 3 }, ITEM_FORM)).toBeUndefined()
    const move = { verb: 'move', sku: 'WIDGET', quantity: 4, from: 'shelf', to: 'main' } as const
    expect(movementAgainstStock(move, ITEM_FORM)).toEqual({ quantity: FIELD_ERRORS.available(3, 'shelf') })
  })

  it('lets any receipt through, and refuses an archived item', () => {
    const receive = { verb: 'receive', sku: 'WIDGET', quantity: 1_000, location: 'nowhere' } as const
    expect(movementAgainstStock(receive, ITEM_FORM)).toBeUndefined()
    const archived = { ...ITEM_FORM, item: { ...ITEM_FORM.item, archived: true } }
    expect(movementAgainstStock(receive, archived)).toEqual({ quantity: FIELD_ERRORS.archived })
  })
})

describe('newItemFromForm', () => {
  it('reads the SKU in upper case and only the numbers given', () => {
    expect(
      newItemFromForm(state({ sku: 'bolt-8', name: 'Bolt M8', reorder_point: '5' }), { skuTaken: false }),
    ).toEqual({
      action: { verb: 'new', sku: 'BOLT-8', name: 'Bolt M8', reorderPoint: 5 },
    })
  })

  it('answers a malformed or taken SKU and bad numbers under their fields', () => {
    expect(
      newItemFromForm(state({ sku: 'no spaces', name: 'x', reorder_point: '-1', reorder_quantity: '0' }), {
        skuTaken: false,
      }),
    ).toEqual({
      errors: {
        sku: FIELD_ERRORS.sku,
        reorder_point: FIELD_ERRORS.minimum,
        reorder_quantity: FIELD_ERRORS.quantity,
      },
    })
    expect(newItemFromForm(state({ sku: 'BOLT', name: 'x' }), { skuTaken: true })).toEqual({
      errors: { sku: FIELD_ERRORS.skuTaken },
    })
  })
})

describe('reorderFromForm', () => {
  it('reads the quantity, supplier and note for the item the form was opened for', () => {
    expect(reorderFromForm({ sku: 'W' }, state({ quantity: '12', supplier: 'Acme' }))).toEqual({
      action: { verb: 'request.new', sku: 'W', quantity: 12, supplier: 'Acme' },
    })
    expect(reorderFromForm({ sku: 'W' }, state({ quantity: 'many' }))).toEqual({
      errors: { quantity: FIELD_ERRORS.quantity },
    })
  })
})

describe('wholeNumber', () => {
  it('accepts digits within bounds only', () => {
    expect(wholeNumber('7', 1, 10)).toBe(7)
    expect(wholeNumber('11', 1, 10)).toBeUndefined()
    expect(wholeNumber('1e3', 1, 10_000)).toBeUndefined()
    expect(wholeNumber(undefined, 0, 1)).toBeUndefined()
  })
})
