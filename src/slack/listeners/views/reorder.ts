import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt'
import { ChannelMetadata } from '../../blocks/index.js'
import { reorderFromForm } from '../../forms.js'
import { InteractionBody } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'
import { ackErrors, answerSubmission, stateOf, viewCommand } from './submit.js'

/** Reorder submitted: the request is posted (REQ-n) with Approve / Reject for the admins. */
export function reorderSubmitted(deps: ListenerDeps) {
  return async ({ body, ack, context }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const payload = InteractionBody.parse(body)
    const metadata = ChannelMetadata.parse(JSON.parse(payload.view?.private_metadata ?? '{}'))
    const form = reorderFromForm(metadata, stateOf(payload))
    if ('errors' in form) return ackErrors(ack, form.errors)
    const command = viewCommand(payload, form.action, context, {
      origin: { kind: 'modal' },
      channelId: metadata.channelId,
    })
    await answerSubmission(deps, command, ack)
  }
}
