import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs } from '@slack/bolt'
import type { Action } from '../../../inventory/actions.js'
import { ACTIONS, errorMessage } from '../../blocks/index.js'
import { clicked, commandFrom, InteractionBody, originOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'

/** Buttons that are commands: the value carries an id, the service re-reads state and re-checks rights. */
const BUTTON_COMMANDS: Readonly<Record<string, (value: string) => Action>> = {
  [ACTIONS.undo]: (v) => ({ verb: 'undo', movement: Number(v) }),
  [ACTIONS.confirm]: (v) => ({ verb: 'change.confirm', pending: v }),
  [ACTIONS.cancel]: (v) => ({ verb: 'change.cancel', pending: v }),
  [ACTIONS.snooze]: (v) => ({ verb: 'alert.snooze', sku: v }),
  [ACTIONS.ordered]: (v) => ({ verb: 'alert.ordered', sku: v }),
  [ACTIONS.approve]: (v) => ({ verb: 'request.approve', request: Number(v) }),
  [ACTIONS.reject]: (v) => ({ verb: 'request.reject', request: Number(v) }),
  [ACTIONS.release]: (v) => ({ verb: 'release', reservation: Number(v) }),
  [ACTIONS.stockHistory]: (v) => ({ verb: 'history', sku: v, limit: 10 }),
}

/** Button → command → dispatch → ack. A refused click is told to the clicker; the message stays. */
export function registerButtonCommands(app: App, deps: ListenerDeps): void {
  for (const [actionId, toAction] of Object.entries(BUTTON_COMMANDS))
    app.action(actionId, async ({ body, ack, context }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      const payload = InteractionBody.parse(body)
      const click = clicked(payload)
      const command = commandFrom(payload, toAction(click.value), {
        requestKey: click.requestKey,
        requestId: String(context.requestId ?? click.requestKey),
        origin: originOf(payload),
      })
      const dispatched = await deps.dispatcher.dispatch(command)
      await ack()
      if (dispatched.kind === 'not-accepted')
        await deps.slack.responder.reply(command, {
          ...errorMessage(dispatched.code, dispatched.details),
          replace_original: false,
        })
    })
}
