import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import type { Verb } from '../../../inventory/commands.js'
import type { ItemForm } from '../../../inventory/results.js'
import {
  errorMessage,
  type MovementVerb,
  movementModal,
  outcomeMessage,
  reorderModal,
} from '../../blocks/index.js'
import { askerOf, clicked, InteractionBody, originOf, teamOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'
import { formRefusal, locationsFor } from '../form-gate.js'

type ActionArgs = SlackActionMiddlewareArgs & AllMiddlewareArgs

/**
 * Buttons that open a form: ack at once, read what the form needs (and what
 * the clicker may do), open it with the click's trigger_id (valid for 3
 * seconds). Someone whose role does not allow the change is told so instead,
 * a forged click on a button they were never shown included. The value only
 * pre-fills the form; the submission is checked again from the database.
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
    await openForm(deps, payload, { verb, sku }, (form) => {
      const locations = locationsFor(form.access, verb, form.locations)
      const best = locations.find((l) => l.code === form.bestLocation) ?? locations[0]
      return movementModal({
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
        locations,
        location: best?.code ?? form.bestLocation,
        ...(quantity ? { quantity: Number(quantity) } : {}),
      })
    })
  }
}

/** Reorder, on a low-stock alert or a card: the form pre-filled with the item's reorder quantity. */
export function openReorderForm(deps: ListenerDeps) {
  return async ({ body, ack }: ActionArgs) => {
    await ack()
    const payload = InteractionBody.parse(body)
    const sku = clicked(payload).value
    await openForm(deps, payload, { verb: 'request.new', sku }, (form) =>
      reorderModal({ sku, channelId: payload.channel?.id }, form.item),
    )
  }
}

async function openForm(
  deps: ListenerDeps,
  payload: InteractionBody,
  attempt: { verb: Verb; sku: string },
  build: (form: ItemForm) => object,
): Promise<void> {
  const target = {
    teamId: teamOf(payload),
    enterpriseId: payload.enterprise?.id,
    responseUrl: payload.response_url,
    channelId: payload.channel?.id,
    userId: payload.user.id,
  }
  try {
    const asker = askerOf(payload)
    const access = { ...asker, slackAdmin: await deps.slackAdmins.isAdmin(asker, asker.userId) }
    const form = await deps.service.itemForm(access, attempt.sku)
    const refused = await formRefusal(deps, access, attempt, form.access)
    if (refused)
      return await deps.slack.responder.reply(target, {
        ...outcomeMessage(refused, payload.user.id, Date.now()),
        replace_original: false,
      })
    await deps.slack.api.call('views.open', { trigger_id: payload.trigger_id, view: build(form) }, asker)
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error
    await deps.slack.responder.reply(target, {
      ...errorMessage(error.code, error.details),
      replace_original: false,
    })
  }
}
