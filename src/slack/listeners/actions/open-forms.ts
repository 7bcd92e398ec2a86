import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs } from '@slack/bolt'
import { RefusedError } from '../../../errors.js'
import { ACTIONS, errorMessage, type MovementVerb, movementModal, reorderModal } from '../../blocks/index.js'
import { clicked, InteractionBody, originOf, teamOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'

const MOVEMENT_BUTTONS: Readonly<Record<string, MovementVerb>> = {
  [ACTIONS.stockReceive]: 'receive',
  [ACTIONS.stockIssue]: 'issue',
  [ACTIONS.stockMove]: 'move',
  [ACTIONS.stockReserve]: 'reserve',
  [ACTIONS.requestReceive]: 'receive',
}

/**
 * Buttons that open a form: ack at once, read what the form needs, open it
 * with the click's trigger_id (valid for 3 seconds). The value only pre-fills
 * the form; the submission is checked again from the database.
 */
export function registerFormButtons(app: App, deps: ListenerDeps): void {
  for (const [actionId, verb] of Object.entries(MOVEMENT_BUTTONS))
    app.action(actionId, async ({ body, ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      await ack()
      const payload = InteractionBody.parse(body)
      // A request's Receive button carries `REQ:SKU:QTY`; a card's buttons carry the SKU.
      const [first = '', sku = first, quantity] = clicked(payload).value.split(':')
      const request = actionId === ACTIONS.requestReceive ? Number(first) : undefined
      await openForm(
        deps,
        payload,
        async (form) =>
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
        sku,
      )
    })

  app.action(ACTIONS.reorder, async ({ body, ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack()
    const payload = InteractionBody.parse(body)
    const sku = clicked(payload).value
    await openForm(
      deps,
      payload,
      async (form) => reorderModal({ sku, channelId: payload.channel?.id }, form.item),
      sku,
    )
  })
}

async function openForm(
  deps: ListenerDeps,
  payload: InteractionBody,
  build: (form: Awaited<ReturnType<ListenerDeps['service']['itemForm']>>) => Promise<object>,
  sku: string,
): Promise<void> {
  try {
    const form = await deps.service.itemForm(teamOf(payload), sku)
    await deps.slack.api.call('views.open', { trigger_id: payload.trigger_id, view: await build(form) })
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error
    const message = errorMessage(error.code, error.details)
    await deps.slack.responder.reply(
      { responseUrl: payload.response_url, channelId: payload.channel?.id, userId: payload.user.id },
      { ...message, replace_original: false },
    )
  }
}
