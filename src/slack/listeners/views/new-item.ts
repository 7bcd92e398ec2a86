import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import { ChannelMetadata } from '../../blocks/index.js'
import { newItemFromForm, newItemSku } from '../../forms.js'
import { askerOf, InteractionBody } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'
import { ackErrors, answerSubmission, stateOf, viewCommand } from './submit.js'

/** `/inventory new` without arguments opens this form; a taken or malformed SKU is a field error. */
export function newItemSubmitted(deps: ListenerDeps) {
  return async ({ body, ack, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const metadata = ChannelMetadata.parse(JSON.parse(payload.view?.private_metadata ?? '{}'))
    const state = stateOf(payload)
    const sku = newItemSku(state)
    const skuTaken = sku !== undefined && (await exists(deps, payload, sku))
    const form = newItemFromForm(state, { skuTaken })
    if ('errors' in form) return ackErrors(ack, form.errors)
    const command = viewCommand(payload, form.action, context, {
      origin: { kind: 'modal' },
      channelId: metadata.channelId,
    })
    await answerSubmission(deps, command, ack, 'sku')
  }
}

async function exists(deps: ListenerDeps, payload: InteractionBody, sku: string): Promise<boolean> {
  try {
    await deps.service.itemForm(askerOf(payload), sku)
    return true
  } catch (error) {
    // Unknown item: the SKU is free. Database unreachable: the service checks again (ITEM_EXISTS).
    if (!(error instanceof RefusedError)) deps.logger.warn({ err: error }, 'form pre-check skipped')
    return false
  }
}
