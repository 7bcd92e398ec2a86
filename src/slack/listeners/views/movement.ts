import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import { MovementMetadata } from '../../blocks/index.js'
import { type FieldErrors, type MovementAction, movementAgainstStock, movementFromForm } from '../../forms.js'
import { askerOf, InteractionBody } from '../../interaction.js'
import { FIELD_ERRORS } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'
import { ackErrors, answerSubmission, stateOf, viewCommand } from './submit.js'

/**
 * Receive / Issue / Move / Reserve submitted: check what can be known now
 * (a whole quantity, the item and locations exist, enough available right
 * now) and answer with field errors; otherwise close the modal and apply.
 */
export function movementSubmitted(deps: ListenerDeps) {
  return async ({ body, ack, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const metadata = MovementMetadata.parse(JSON.parse(payload.view?.private_metadata ?? '{}'))
    const form = movementFromForm(metadata, stateOf(payload))
    if ('errors' in form) return ackErrors(ack, form.errors)
    const refused = await checkStock(deps, payload, form.action)
    if (refused) return ackErrors(ack, refused)
    const command = viewCommand(payload, form.action, context, {
      origin: {
        kind: 'modal',
        ...(metadata.cardResponseUrl ? { cardResponseUrl: metadata.cardResponseUrl } : {}),
      },
      channelId: metadata.channelId,
    })
    await answerSubmission(deps, command, ack)
  }
}

async function checkStock(
  deps: ListenerDeps,
  payload: InteractionBody,
  action: MovementAction,
): Promise<FieldErrors | undefined> {
  try {
    return movementAgainstStock(action, await deps.service.itemForm(askerOf(payload), action.sku))
  } catch (error) {
    if (error instanceof RefusedError) return { quantity: FIELD_ERRORS.unknownItem }
    // The database may be unreachable: skip the early check; the change is checked again when applied.
    deps.logger.warn({ err: error }, 'form pre-check skipped')
    return undefined
  }
}
