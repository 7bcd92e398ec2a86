import type { SlackCommandMiddlewareArgs } from '@slack/bolt'
import { InputError } from '../../../errors.js'
import { Command } from '../../../inventory/actions.js'
import type { Dispatcher } from '../../../queue/dispatcher.js'
import { errorMessage } from '../../blocks.js'
import { parseCommandText } from '../../parse.js'

/**
 * `/inventory …`: parse → dispatch → ack. The ack always happens, with the
 * answer, a usage error, or "working on it".
 */
export function inventoryCommand(deps: { dispatcher: Dispatcher }) {
  return async ({
    command,
    ack,
    context,
  }: SlackCommandMiddlewareArgs & { context: Record<string, unknown> }) => {
    let action: Command['action']
    try {
      action = parseCommandText(command.text ?? '')
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return ack(errorMessage(error.code, error.details))
    }
    const request = Command.parse({
      requestKey: `cmd:${command.trigger_id}`,
      requestId: String(context.requestId ?? command.trigger_id),
      teamId: command.team_id,
      enterpriseId: command.enterprise_id || undefined,
      userId: command.user_id,
      channelId: command.channel_id || undefined,
      responseUrl: command.response_url || undefined,
      action,
    })
    await ack(await deps.dispatcher.dispatch(request))
  }
}
