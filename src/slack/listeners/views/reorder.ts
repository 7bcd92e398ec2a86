import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt'
import { MAX_QUANTITY } from '../../../inventory/actions.js'
import { ChannelMetadata, fieldValue, VIEWS, type ViewState } from '../../blocks/index.js'
import { commandFrom, InteractionBody } from '../../interaction.js'
import { FIELD_ERRORS } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'
import { answerSubmission, wholeNumber } from './submit.js'

/** Reorder submitted: the request is posted (REQ-n) with Approve / Reject for the admins. */
export function registerReorderView(app: App, deps: ListenerDeps): void {
  app.view(VIEWS.reorder, async ({ body, ack, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const metadata = ChannelMetadata.parse(JSON.parse(payload.view?.private_metadata ?? '{}'))
    const state = (payload.view?.state?.values ?? {}) as ViewState
    const quantity = wholeNumber(fieldValue(state, 'quantity'), 1, MAX_QUANTITY)
    if (quantity === undefined || !metadata.sku)
      return ack({ response_action: 'errors', errors: { quantity: FIELD_ERRORS.quantity } })
    const supplier = fieldValue(state, 'supplier')
    const note = fieldValue(state, 'note')
    const command = commandFrom(
      payload,
      {
        verb: 'request.new',
        sku: metadata.sku,
        quantity,
        ...(supplier ? { supplier } : {}),
        ...(note ? { note } : {}),
      },
      {
        requestKey: `view:${payload.view?.id}`,
        requestId: String(context.requestId ?? payload.view?.id),
        origin: { kind: 'modal' },
        channelId: metadata.channelId,
      },
    )
    await answerSubmission(deps, command, ack)
  })
}
