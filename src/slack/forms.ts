import { type ChangeAction, DEFAULT_LOCATION, MAX_QUANTITY, SKU_PATTERN } from '../inventory/commands.js'
import type { ItemForm } from '../inventory/results.js'
import type { ChannelMetadata, MovementMetadata } from './blocks/index.js'
import { FIELD_ERRORS } from './wording/index.js'

/**
 * Reading submitted forms: pure functions from a modal's metadata and field
 * values to the action it asks for, or to errors per field (block id → text,
 * which Slack shows under each field). Like `parse.ts` for the slash command.
 */

/** `view.state.values` as Slack sends it: block_id → action_id → the element's state. */
export type ViewState = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>

export type FieldErrors = Readonly<Record<string, string>>
export type FormResult<A> = { readonly action: A } | { readonly errors: FieldErrors }

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>
export type MovementAction = Act<'receive' | 'issue' | 'move' | 'reserve'>

/**
 * The submitted value of an input (our inputs all use action_id `value`),
 * trimmed; undefined when empty, or when it is not text (no form of ours sends that).
 */
function fieldValue(state: ViewState, blockId: string): string | undefined {
  const element = state[blockId]?.value
  const raw: unknown = element?.selected_option?.value ?? element?.value
  const trimmed = typeof raw === 'string' ? raw.trim() : undefined
  return trimmed ? trimmed : undefined
}

/** A whole number within bounds, from a number input's text; undefined otherwise. */
export function wholeNumber(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined
  const value = Number(text)
  return value >= min && value <= max ? value : undefined
}

/** Receive / Issue / Move / Reserve: a whole quantity, the location(s) picked (two different ones for a move). */
export function movementFromForm(metadata: MovementMetadata, state: ViewState): FormResult<MovementAction> {
  const errors: Record<string, string> = {}
  const quantity = wholeNumber(fieldValue(state, 'quantity'), 1, MAX_QUANTITY)
  if (quantity === undefined) errors.quantity = FIELD_ERRORS.quantity
  const locationField = metadata.verb === 'move' ? 'from' : 'location'
  const location = fieldValue(state, locationField)
  const to = fieldValue(state, 'to')
  if (!location) errors[locationField] = FIELD_ERRORS.location
  if (metadata.verb === 'move' && !to) errors.to = FIELD_ERRORS.location
  if (metadata.verb === 'move' && to && to === location) errors.to = FIELD_ERRORS.sameLocation
  if (quantity === undefined || !location || Object.keys(errors).length) return { errors }

  const note = fieldValue(state, metadata.verb === 'reserve' ? 'ref' : 'note')
  const base = { sku: metadata.sku, quantity }
  switch (metadata.verb) {
    case 'move':
      return {
        action: { verb: 'move', ...base, from: location, to: to as string, ...(note ? { note } : {}) },
      }
    case 'reserve':
      return { action: { verb: 'reserve', ...base, location, ...(note ? { ref: note } : {}) } }
    case 'issue':
      return { action: { verb: 'issue', ...base, location, ...(note ? { note } : {}) } }
    case 'receive':
      return {
        action: {
          verb: 'receive',
          ...base,
          location,
          ...(metadata.request ? { request: metadata.request } : {}),
          ...(note ? { note } : {}),
        },
      }
  }
}

/**
 * What can be known before a movement is applied, from the item as it is now:
 * it is not archived and, unless stock arrives, enough is available where it
 * leaves from. Undefined when nothing stands in the way (the change is checked again when applied).
 */
export function movementAgainstStock(action: MovementAction, form: ItemForm): FieldErrors | undefined {
  const errors: Record<string, string> = {}
  if (form.item.archived) errors.quantity = FIELD_ERRORS.archived
  const location = action.verb === 'move' ? action.from : (action.location ?? DEFAULT_LOCATION)
  const available = form.levels.find((l) => l.location === location)?.available ?? 0
  if (action.verb !== 'receive' && action.quantity > available)
    errors.quantity = FIELD_ERRORS.available(available, location)
  return Object.keys(errors).length ? errors : undefined
}

/** The SKU a new-item form names, as it would be stored (upper case); undefined when it is not a valid SKU. */
export function newItemSku(state: ViewState): string | undefined {
  const sku = fieldValue(state, 'sku')?.toUpperCase() ?? ''
  return SKU_PATTERN.test(sku) ? sku : undefined
}

/** `/inventory new` as a form: a valid SKU not taken yet (`skuTaken`, looked up by the caller), a name, optional numbers. */
export function newItemFromForm(state: ViewState, options: { skuTaken: boolean }): FormResult<Act<'new'>> {
  const sku = newItemSku(state)
  const name = fieldValue(state, 'name') ?? ''
  const unit = fieldValue(state, 'unit')
  const pointText = fieldValue(state, 'reorder_point')
  const quantityText = fieldValue(state, 'reorder_quantity')
  const reorderPoint = pointText === undefined ? undefined : wholeNumber(pointText, 0, MAX_QUANTITY)
  const reorderQuantity = quantityText === undefined ? undefined : wholeNumber(quantityText, 1, MAX_QUANTITY)
  const errors: Record<string, string> = {}
  if (sku === undefined) errors.sku = FIELD_ERRORS.sku
  else if (options.skuTaken) errors.sku = FIELD_ERRORS.skuTaken
  if (pointText !== undefined && reorderPoint === undefined) errors.reorder_point = FIELD_ERRORS.minimum
  if (quantityText !== undefined && reorderQuantity === undefined)
    errors.reorder_quantity = FIELD_ERRORS.quantity
  if (sku === undefined || Object.keys(errors).length) return { errors }
  return {
    action: {
      verb: 'new',
      sku,
      name,
      ...(unit ? { unit } : {}),
      ...(reorderPoint !== undefined ? { reorderPoint } : {}),
      ...(reorderQuantity !== undefined ? { reorderQuantity } : {}),
    },
  }
}

/** Reorder: a whole quantity for the item the form was opened for; supplier and note optional. */
export function reorderFromForm(metadata: ChannelMetadata, state: ViewState): FormResult<Act<'request.new'>> {
  const quantity = wholeNumber(fieldValue(state, 'quantity'), 1, MAX_QUANTITY)
  if (quantity === undefined || !metadata.sku) return { errors: { quantity: FIELD_ERRORS.quantity } }
  const supplier = fieldValue(state, 'supplier')
  const note = fieldValue(state, 'note')
  return {
    action: {
      verb: 'request.new',
      sku: metadata.sku,
      quantity,
      ...(supplier ? { supplier } : {}),
      ...(note ? { note } : {}),
    },
  }
}
