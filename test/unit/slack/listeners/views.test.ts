import { describe, expect, it } from 'vitest'
import { RefusedError } from '../../../../src/errors.js'
import { VIEWS } from '../../../../src/slack/blocks/index.js'
import { movementSubmitted } from '../../../../src/slack/listeners/views/movement.js'
import { newItemSubmitted } from '../../../../src/slack/listeners/views/new-item.js'
import { reorderSubmitted } from '../../../../src/slack/listeners/views/reorder.js'
import { errorSentence, FIELD_ERRORS } from '../../../../src/slack/wording/index.js'
import { boltArgs, fakeListenerDeps } from '../../../helpers/listeners.js'
import { buildViewSubmission } from '../../../helpers/payloads.js'

type Args = Parameters<ReturnType<typeof movementSubmitted>>[0]
type Values = Parameters<typeof buildViewSubmission>[0]['values']

const submit = (callbackId: string, metadata: object, values: Values) =>
  boltArgs<Args>({
    body: buildViewSubmission({
      viewId: 'V42',
      callbackId,
      privateMetadata: JSON.stringify(metadata),
      values,
    }),
  })
const issue = (quantity: string) =>
  submit(
    VIEWS.movement,
    { verb: 'issue', sku: 'WIDGET', channelId: 'C0001' },
    {
      quantity: { value: quantity },
      location: { selected: 'main' },
    },
  )
const errorsAck = (errors: Record<string, string>) => [{ response_action: 'errors', errors }]

describe('the movement form, submitted', () => {
  it('closes the modal and dispatches the movement, keyed by the view, to post in its channel', async () => {
    const { deps, calls } = fakeListenerDeps()
    const { args, acks } = issue('3')
    await movementSubmitted(deps)(args)
    expect(acks).toEqual([undefined])
    expect(calls.dispatched).toMatchObject([
      {
        requestKey: 'view:V42',
        channelId: 'C0001',
        origin: { kind: 'modal' },
        action: { verb: 'issue', sku: 'WIDGET', quantity: 3, location: 'main' },
      },
    ])
  })

  it('keeps the modal open with field errors, and dispatches nothing', async () => {
    const { deps, calls } = fakeListenerDeps()
    const { args, acks } = issue('0')
    await movementSubmitted(deps)(args)
    expect(acks).toEqual(errorsAck({ quantity: FIELD_ERRORS.quantity }))
    expect(calls.dispatched).toEqual([])
  })

  it('refuses more than is available now, and an item that is gone', async () => {
    const short = fakeListenerDeps()
    const tooMany = issue('4')
    await movementSubmitted(short.deps)(tooMany.args)
    expect(tooMany.acks).toEqual(errorsAck({ quantity: FIELD_ERRORS.available(3, 'main') }))
    const gone = fakeListenerDeps({ itemForm: new RefusedError('UNKNOWN_ITEM', { sku: 'WIDGET' }) })
    const late = issue('1')
    await movementSubmitted(gone.deps)(late.args)
    expect(late.acks).toEqual(errorsAck({ quantity: FIELD_ERRORS.unknownItem }))
    expect([...short.calls.dispatched, ...gone.calls.dispatched]).toEqual([])
  })

  it('skips the early check when the database cannot be read: the change is checked when applied', async () => {
    const { deps, calls } = fakeListenerDeps({ itemForm: new Error('connection refused') })
    await movementSubmitted(deps)(issue('100').args)
    expect(calls.dispatched).toHaveLength(1)
  })

  it('says on the form, without the error mark, when nothing was accepted', async () => {
    const { deps } = fakeListenerDeps({
      dispatched: { kind: 'not-accepted', code: 'NOT_ACCEPTED', details: {} },
    })
    const { args, acks } = issue('1')
    await movementSubmitted(deps)(args)
    expect(acks).toEqual(errorsAck({ quantity: errorSentence('NOT_ACCEPTED') }))
    expect(errorSentence('NOT_ACCEPTED')).not.toContain(':warning:')
  })
})

describe('the new-item form, submitted', () => {
  const newItem = (sku: string) =>
    submit(VIEWS.newItem, { channelId: 'C0001' }, { sku: { value: sku }, name: { value: 'Bolt M8' } })

  it('answers a SKU that is taken under the SKU field', async () => {
    const { deps, calls } = fakeListenerDeps()
    const { args, acks } = newItem('widget')
    await newItemSubmitted(deps)(args)
    expect(acks).toEqual(errorsAck({ sku: FIELD_ERRORS.skuTaken }))
    expect(calls.dispatched).toEqual([])
  })

  it('creates the item when its SKU is free, and answers "not accepted" under the SKU', async () => {
    const { deps, calls } = fakeListenerDeps({
      itemForm: new RefusedError('UNKNOWN_ITEM', { sku: 'BOLT' }),
      dispatched: { kind: 'not-accepted', code: 'NOT_ACCEPTED', details: {} },
    })
    const { args, acks } = newItem('bolt')
    await newItemSubmitted(deps)(args)
    expect(calls.dispatched).toMatchObject([{ action: { verb: 'new', sku: 'BOLT', name: 'Bolt M8' } }])
    expect(acks).toEqual(errorsAck({ sku: errorSentence('NOT_ACCEPTED') }))
  })
})

describe('the reorder form, submitted', () => {
  it('dispatches the request for the item the form was opened for', async () => {
    const { deps, calls } = fakeListenerDeps()
    const { args, acks } = submit(
      VIEWS.reorder,
      { sku: 'WIDGET', channelId: 'C0001' },
      { quantity: { value: '10' } },
    )
    await reorderSubmitted(deps)(args)
    expect(acks).toEqual([undefined])
    expect(calls.dispatched).toMatchObject([{ action: { verb: 'request.new', sku: 'WIDGET', quantity: 10 } }])
  })

  it('answers a quantity that is not one', async () => {
    const { deps } = fakeListenerDeps()
    const { args, acks } = submit(VIEWS.reorder, { sku: 'WIDGET' }, { quantity: { value: '-2' } })
    await reorderSubmitted(deps)(args)
    expect(acks).toEqual(errorsAck({ quantity: FIELD_ERRORS.quantity }))
  })
})
