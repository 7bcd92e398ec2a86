import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import { MAX_QUANTITY, SKU_PATTERN } from '../../../inventory/actions.js'
import { ChannelMetadata, fieldValue, VIEWS, type ViewState } from '../../blocks/index.js'
import { commandFrom, InteractionBody, teamOf } from '../../interaction.js'
import { FIELD_ERRORS } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'
import { answerSubmission, wholeNumber } from './submit.js'

/** `/inventory new` without arguments opens this form; a taken or malformed SKU is a field error. */
export function registerNewItemView(app: App, deps: ListenerDeps): void {
  app.view(VIEWS.newItem, async ({ body, ack, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const metadata = ChannelMetadata.parse(JSON.parse(payload.view?.private_metadata ?? '{}'))
    const state = (payload.view?.state?.values ?? {}) as ViewState
    const sku = fieldValue(state, 'sku')?.toUpperCase() ?? ''
    const name = fieldValue(state, 'name') ?? ''
    const unit = fieldValue(state, 'unit')
    const pointText = fieldValue(state, 'reorder_point')
    const quantityText = fieldValue(state, 'reorder_quantity')
    const reorderPoint = pointText === undefined ? undefined : wholeNumber(pointText, 0, MAX_QUANTITY)
    const reorderQuantity =
      quantityText === undefined ? undefined : wholeNumber(quantityText, 1, MAX_QUANTITY)
    const errors: Record<string, string> = {}
    if (!SKU_PATTERN.test(sku)) errors.sku = FIELD_ERRORS.sku
    else if (await exists(deps, teamOf(payload), sku)) errors.sku = FIELD_ERRORS.skuTaken
    if (pointText !== undefined && reorderPoint === undefined) errors.reorder_point = FIELD_ERRORS.minimum
    if (quantityText !== undefined && reorderQuantity === undefined)
      errors.reorder_quantity = FIELD_ERRORS.quantity
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors })

    const command = commandFrom(
      payload,
      {
        verb: 'new',
        sku,
        name,
        ...(unit ? { unit } : {}),
        ...(reorderPoint !== undefined ? { reorderPoint } : {}),
        ...(reorderQuantity !== undefined ? { reorderQuantity } : {}),
      },
      {
        requestKey: `view:${payload.view?.id}`,
        requestId: String(context.requestId ?? payload.view?.id),
        origin: { kind: 'modal' },
        channelId: metadata.channelId,
      },
    )
    await answerSubmission(deps, command, ack, 'sku')
  })
}

async function exists(deps: ListenerDeps, teamId: string, sku: string): Promise<boolean> {
  try {
    await deps.service.itemForm(teamId, sku)
    return true
  } catch (error) {
    // Unknown item: the SKU is free. Database unreachable: the service checks again (ITEM_EXISTS).
    if (!(error instanceof RefusedError)) deps.logger.warn({ err: error }, 'form pre-check skipped')
    return false
  }
}
