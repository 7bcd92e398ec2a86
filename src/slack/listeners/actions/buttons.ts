import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt'
import type { Action } from '../../../inventory/commands.js'
import { errorMessage } from '../../blocks/index.js'
import { askerOf, clicked, commandFrom, InteractionBody, originOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'

/**
 * A button that is a command: its value (an id) → the action → dispatch → ack.
 * The service re-reads state and checks the clicker's role (a forged click on a
 * button they were never shown included); a refused click is told to the
 * clicker and the message stays. The click's action_ts is its request key.
 */
export function buttonCommand(deps: ListenerDeps, toAction: (value: string) => Action) {
  return async ({ body, ack, context }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const click = clicked(payload)
    const command = commandFrom(payload, toAction(click.value), {
      requestKey: click.requestKey,
      requestId: String(context.requestId ?? click.requestKey),
      origin: originOf(payload),
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
