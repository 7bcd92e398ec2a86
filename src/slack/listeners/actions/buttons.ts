import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt'
import type { Action, Origin } from '../../../inventory/commands.js'
import { errorMessage } from '../../blocks/index.js'
import { askerOf, clicked, commandFrom, InteractionBody, originOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'

/**
 * A button that is a command: its value (an id) → the action → dispatch → ack.
 * The service re-reads state and checks the clicker's role (a forged click on a
 * button they were never shown included); a refused click is told to the
 * clicker and the message stays. The click's action_ts is its request key,
 * unless `requestKey` derives one from the value (a pick answers its question once).
 */
export function buttonCommand(
  deps: ListenerDeps,
  toAction: (value: string) => Action,
  options: { requestKey?: (value: string) => string; origin?: Origin } = {},
) {
  return async ({ body, ack, context }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const click = clicked(payload)
    const requestKey = options.requestKey?.(click.value) ?? click.requestKey
    const command = commandFrom(payload, toAction(click.value), {
      requestKey,
      requestId: String(context.requestId ?? requestKey),
      origin: options.origin ?? originOf(payload),
      slackAdmin: await deps.slackAdmins.isAdmin(askerOf(payload), payload.user.id),
    })
    const dispatched = await deps.dispatcher.dispatch(command)
    await ack()
    if (dispatched.kind === 'not-accepted')
      await deps.slack.responder.reply(command, {
        ...errorMessage(dispatched.code, dispatched.details),
        replace_original: false,
      })
  }
}
