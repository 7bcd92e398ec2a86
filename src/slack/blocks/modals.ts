import type { types } from '@slack/bolt'
import { z } from 'zod'
import { MAX_NOTE_LENGTH, MAX_QUANTITY } from '../../inventory/commands.js'
import { quantity } from '../format.js'
import { FIELDS, MODALS } from '../wording/index.js'
import { VIEWS } from './ids.js'
import { type Block, context, LIMITS } from './kit.js'

export type ModalView = types.ModalView
export type MovementVerb = 'receive' | 'issue' | 'move' | 'reserve'

/** What a movement modal carries between opening and submission (kept well under 3,000 characters). */
export const MovementMetadata = z.object({
  verb: z.enum(['receive', 'issue', 'move', 'reserve']),
  sku: z.string().max(40),
  channelId: z.string().max(30).optional(),
  /** The stock card that opened the modal, refreshed after the change. */
  cardResponseUrl: z.url().max(500).optional(),
  /** Receiving against an approved reorder request. */
  request: z.number().int().positive().optional(),
})
export type MovementMetadata = z.infer<typeof MovementMetadata>

export const ChannelMetadata = z.object({
  channelId: z.string().max(30).optional(),
  sku: z.string().max(40).optional(),
})
export type ChannelMetadata = z.infer<typeof ChannelMetadata>

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true })

function modal(
  callbackId: string,
  title: string,
  submit: string,
  metadata: object,
  blocks: Block[],
): ModalView {
  const privateMetadata = JSON.stringify(metadata)
  if (privateMetadata.length > LIMITS.privateMetadata) throw new Error('private_metadata over Slack’s limit')
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title.slice(0, LIMITS.modalTitle)),
    submit: plain(submit),
    close: plain(MODALS.close),
    private_metadata: privateMetadata,
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  }
}

const numberInput = (
  blockId: string,
  label: string,
  options: { initial?: number; optional?: boolean; min?: number },
) =>
  ({
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label),
    element: {
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      min_value: String(options.min ?? 1),
      max_value: String(MAX_QUANTITY),
      ...(options.initial !== undefined ? { initial_value: String(options.initial) } : {}),
    },
  }) as Block

const textInput = (
  blockId: string,
  label: string,
  options: { optional?: boolean; max?: number; initial?: string },
) =>
  ({
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? true,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      max_length: options.max ?? MAX_NOTE_LENGTH,
      ...(options.initial ? { initial_value: options.initial } : {}),
    },
  }) as Block

const locationSelect = (
  blockId: string,
  label: string,
  locations: readonly { code: string; name: string }[],
  initial?: string,
) => {
  const options = locations.slice(0, LIMITS.selectOptions).map((l) => ({
    text: plain(`${l.code}${l.name && l.name !== l.code ? ` — ${l.name}` : ''}`.slice(0, 75)),
    value: l.code,
  }))
  const selected = options.find((o) => o.value === initial)
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: 'value',
      options,
      ...(selected ? { initial_option: selected } : {}),
    },
  } as Block
}

/** Receive, Issue, Move or Reserve: pre-filled with the item and a location. */
export function movementModal(input: {
  metadata: MovementMetadata
  item: { sku: string; name: string; onHand: number; available: number }
  locations: readonly { code: string; name: string }[]
  location: string
  quantity?: number
}): ModalView {
  const { verb } = input.metadata
  const about = context(
    `*${input.item.sku}* ${input.item.name} — ${quantity(input.item.onHand)} on hand, ${quantity(input.item.available)} available${input.metadata.request ? ` · for REQ-${input.metadata.request}` : ''}`,
  )
  const where =
    verb === 'move'
      ? [
          locationSelect('from', FIELDS.from, input.locations, input.location),
          locationSelect('to', FIELDS.to, input.locations),
        ]
      : [locationSelect('location', FIELDS.location, input.locations, input.location)]
  const blocks = [
    about,
    ...where,
    numberInput('quantity', FIELDS.quantity, input.quantity === undefined ? {} : { initial: input.quantity }),
    verb === 'reserve' ? textInput('ref', FIELDS.ref, {}) : textInput('note', FIELDS.note, {}),
  ]
  return modal(VIEWS.movement, MODALS[verb].title, MODALS[verb].submit, input.metadata, blocks)
}

export function newItemModal(metadata: ChannelMetadata): ModalView {
  return modal(VIEWS.newItem, MODALS.newItem.title, MODALS.newItem.submit, metadata, [
    textInput('sku', FIELDS.sku, { optional: false, max: 40 }),
    textInput('name', FIELDS.name, { optional: false, max: 200 }),
    textInput('unit', FIELDS.unit, { max: 20 }),
    numberInput('reorder_point', FIELDS.reorderPoint, { optional: true, min: 0 }),
    numberInput('reorder_quantity', FIELDS.reorderQuantity, { optional: true }),
  ])
}

export function reorderModal(
  metadata: ChannelMetadata,
  item: { sku: string; name: string; onHand: number; reorderPoint: number; reorderQuantity: number | null },
): ModalView {
  return modal(VIEWS.reorder, MODALS.reorder.title, MODALS.reorder.submit, metadata, [
    context(
      `*${item.sku}* ${item.name} — ${quantity(item.onHand)} on hand, reorder point ${quantity(item.reorderPoint)}`,
    ),
    numberInput('quantity', FIELDS.quantity, {
      initial: item.reorderQuantity ?? Math.max(1, item.reorderPoint),
    }),
    textInput('supplier', FIELDS.supplier, { max: 200 }),
    textInput('note', FIELDS.note, {}),
  ])
}
