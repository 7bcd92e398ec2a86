import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import { type Action, MAX_QUANTITY } from '../../../inventory/actions.js'
import { fieldValue, MovementMetadata, VIEWS, type ViewState } from '../../blocks/index.js'
import { commandFrom, InteractionBody, teamOf } from '../../interaction.js'
import { FIELD_ERRORS } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'
import { answerSubmission, wholeNumber } from './submit.js'

/**
 * Receive / Issue / Move / Reserve submitted: check what can be known now
 * (a whole quantity, the item and locations exist, enough available right
 * now) and answer with field errors; otherwise close the modal and apply.
 * The view id is the request key: the same submission applies once.
 */
export function registerMovementView(app: App, deps: ListenerDeps): void {
  app.view(VIEWS.movement, async ({ body, ack, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const metadata = MovementMetadata.parse(JSON.parse(payload.view?.private_metadata ?? '{}'))
    const state = (payload.view?.state?.values ?? {}) as ViewState
    const errors: Record<string, string> = {}
    const quantity = wholeNumber(fieldValue(state, 'quantity'), 1, MAX_QUANTITY)
    if (quantity === undefined) errors.quantity = FIELD_ERRORS.quantity
    const location = fieldValue(state, metadata.verb === 'move' ? 'from' : 'location')
    const to = fieldValue(state, 'to')
    if (!location) errors[metadata.verb === 'move' ? 'from' : 'location'] = FIELD_ERRORS.location
    if (metadata.verb === 'move' && !to) errors.to = FIELD_ERRORS.location
    if (metadata.verb === 'move' && to && to === location) errors.to = FIELD_ERRORS.sameLocation

    if (quantity !== undefined && location && !Object.keys(errors).length) {
      try {
        const form = await deps.service.itemForm(teamOf(payload), metadata.sku)
        if (form.item.archived) errors.quantity = FIELD_ERRORS.archived
        const available = form.levels.find((l) => l.location === location)?.available ?? 0
        if (metadata.verb !== 'receive' && quantity > available)
          errors.quantity = FIELD_ERRORS.available(available, location)
      } catch (error) {
        // The database may be unreachable: skip the early check; the change is checked again when applied.
        if (!(error instanceof RefusedError)) deps.logger.warn({ err: error }, 'form pre-check skipped')
        else errors.quantity = FIELD_ERRORS.unknownItem
      }
    }
    if (Object.keys(errors).length || quantity === undefined || !location)
      return ack({ response_action: 'errors', errors })

    const note = fieldValue(state, metadata.verb === 'reserve' ? 'ref' : 'note')
    const base = { sku: metadata.sku, quantity }
    const action: Action =
      metadata.verb === 'move'
        ? { verb: 'move', ...base, from: location, to: to as string, ...(note ? { note } : {}) }
        : metadata.verb === 'reserve'
          ? { verb: 'reserve', ...base, location, ...(note ? { ref: note } : {}) }
          : metadata.verb === 'issue'
            ? { verb: 'issue', ...base, location, ...(note ? { note } : {}) }
            : {
                verb: 'receive',
                ...base,
                location,
                ...(metadata.request ? { request: metadata.request } : {}),
                ...(note ? { note } : {}),
              }
    const command = commandFrom(payload, action, {
      requestKey: `view:${payload.view?.id}`,
      requestId: String(context.requestId ?? payload.view?.id),
      origin: {
        kind: 'modal',
        ...(metadata.cardResponseUrl ? { cardResponseUrl: metadata.cardResponseUrl } : {}),
      },
      channelId: metadata.channelId,
    })
    await answerSubmission(deps, command, ack)
  })
}
