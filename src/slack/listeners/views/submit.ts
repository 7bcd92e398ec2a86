import type { SlackViewMiddlewareArgs } from '@slack/bolt'
import type { Action, Command, Origin } from '../../../inventory/commands.js'
import type { FieldErrors, ViewState } from '../../forms.js'
import type { InteractionBody } from '../../interaction.js'
import { commandFrom } from '../../interaction.js'
import { errorSentence } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'

/** Bolt types a view's ack as a union of two functions; both accept an errors response on view_submission. */
type ViewAck = SlackViewMiddlewareArgs['ack']
type ErrorsAck = (response?: { response_action: 'errors'; errors: FieldErrors }) => Promise<void>

/** Keeps the modal open, with an error under each field named. */
export const ackErrors = (ack: ViewAck, errors: FieldErrors) =>
  (ack as ErrorsAck)({ response_action: 'errors', errors })

/** The submitted field values of a modal. */
export const stateOf = (payload: InteractionBody) => (payload.view?.state?.values ?? {}) as ViewState

/** A form's command: the view id is its request key, so the same submission applies once. */
export function viewCommand(
  payload: InteractionBody,
  action: Action,
  context: Readonly<Record<string, unknown>>,
  options: { origin: Origin; channelId: string | undefined },
): Command {
  return commandFrom(payload, action, {
    requestKey: `view:${payload.view?.id}`,
    requestId: String(context.requestId ?? payload.view?.id),
    ...options,
  })
}

/** Dispatches a valid submission (with who submitted it, for their role), then closes the modal; when nothing was accepted, says so on the form. */
export async function answerSubmission(
  deps: ListenerDeps,
  command: Command,
  ack: ViewAck,
  field = 'quantity',
): Promise<void> {
  const slackAdmin = await deps.slackAdmins.isAdmin(command, command.userId)
  const dispatched = await deps.dispatcher.dispatch({ ...command, slackAdmin })
  if (dispatched.kind === 'not-accepted')
    return ackErrors(ack, { [field]: errorSentence(dispatched.code, dispatched.details) })
  await ack()
}
