import type { SlackViewMiddlewareArgs } from '@slack/bolt'
import type { Command } from '../../../inventory/actions.js'
import { errorSentence } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'

/** Bolt types a view's ack as a union of two functions; both accept an errors response on view_submission. */
type ViewAck = SlackViewMiddlewareArgs['ack']
type ErrorsAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>

/** Dispatches a valid submission, then closes the modal; when nothing was accepted, says so on the form. */
export async function answerSubmission(
  deps: ListenerDeps,
  command: Command,
  ack: ViewAck,
  field = 'quantity',
): Promise<void> {
  const dispatched = await deps.dispatcher.dispatch(command)
  if (dispatched.kind === 'not-accepted')
    return (ack as ErrorsAck)({
      response_action: 'errors',
      errors: { [field]: errorSentence(dispatched.code, dispatched.details) },
    })
  await ack()
}

/** A whole number within bounds, from a number input's text; undefined otherwise. */
export function wholeNumber(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined
  const value = Number(text)
  return value >= min && value <= max ? value : undefined
}
