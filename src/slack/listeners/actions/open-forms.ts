import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import type { ItemForm } from '../../../inventory/results.js'
import { errorMessage, type MovementVerb, movementModal, reorderModal } from '../../blocks/index.js'
import { clicked, InteractionBody, originOf, teamOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'

type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs

/**
 * Buttons that open a form: ack at once, read what the form needs, open it
 * with the click's trigger_id (valid for 3 seconds). The value only pre-fills
 * the form; the submission is checked again from the database.
 *
 * A stock card's buttons carry the SKU; a request's Receive button
 * (`fromRequest`) carries `REQ:SKU:QTY`, and its receipt closes that request.
 */
export function openMovementForm(
  deps: ListenerDeps,
  verb: MovementVerb,
  options: { fromRequest?: boolean } = {},
) {
  return async ({ body, ack }: ActionArgs) => {
    await ack()
    const payload = InteractionBody.parse(body)
    const [first = '', sku = first, quantity] = clicked(payload).value.split(':')
    const request = options.fromRequest ? Number(first) : undefined
    await openForm(deps, payload, sku, (form) =>
      movementModal({
        metadata: {
          verb,
          sku: form.item.sku,
          ...(payload.channel?.id ? { channelId: payload.channel.id } : {}),
          // An ephemeral card can be refreshed through its response_url after the change.
          ...(originOf(payload).kind === 'message' && payload.response_url && !request
            ? { cardResponseUrl: payload.response_url }
            : {}),
          ...(request ? { request } : {}),
        },
        item: form.item,
        locations: form.locations,
        location: form.bestLocation,
        ...(quantity ? { quantity: Number(quantity) } : {}),
      }),
    )
  }
}

/** Reorder, on a low-stock alert or a card: the form pre-filled with the item's reorder quantity. */
export function openReorderForm(deps: ListenerDeps) {
  return async ({ body, ack }: ActionArgs) => {
    await ack()
    const payload = InteractionBody.parse(body)
    const sku = clicked(payload).value
    await openForm(deps, payload, sku, (form) =>
      reorderModal({ sku, channelId: payload.channel?.id }, form.item),
    )
  }
}

async function openForm(
  deps: ListenerDeps,
  payload: InteractionBody,
  sku: string,
  build: (form: ItemForm) => object,
): Promise<void> {
  try {
    const form = await deps.service.itemForm(teamOf(payload), sku)
    await deps.slack.api.call(
      'views.open',
      { trigger_id: payload.trigger_id, view: build(form) },
      { teamId: teamOf(payload), enterpriseId: payload.enterprise?.id },
    )
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error
    const message = errorMessage(error.code, error.details)
    await deps.slack.responder.reply(
      {
        teamId: teamOf(payload),
        enterpriseId: payload.enterprise?.id,
        responseUrl: payload.response_url,
        channelId: payload.channel?.id,
        userId: payload.user.id,
      },
      { ...message, replace_original: false },
    )
  }
}
