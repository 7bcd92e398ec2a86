import type { SlackCommandMiddlewareArgs } from '@slack/bolt'
import { InputError } from '../../../errors.js'
import type { Asker } from '../../../inventory/access.js'
import { Command } from '../../../inventory/commands.js'
import { ackMessage, errorMessage, newItemModal, outcomeMessage } from '../../blocks/index.js'
import { parseCommandText } from '../../parse.js'
import type { ListenerDeps } from '../deps.js'
import { formRefusal } from '../form-gate.js'

/**
 * `/inventory …`: parse → dispatch → ack. The ack always happens, with the
 * answer, a usage error, or "working on it". `/inventory new` alone opens a
 * form (for those who may create items). Who asks carries Slack's word on
 * whether they administer the workspace (`slackAdmin`).
 */
export function inventoryCommand(deps: ListenerDeps) {
  return async ({
    command,
    ack,
    context,
  }: SlackCommandMiddlewareArgs & { context: Record<string, unknown> }) => {
    const workspace = { teamId: command.team_id, enterpriseId: command.enterprise_id || undefined }
    const slackAdmin = await deps.slackAdmins.isAdmin(workspace, command.user_id)
    const asker = { ...workspace, userId: command.user_id, slackAdmin }
    if (/^\s*new\s*$/i.test(command.text ?? '')) {
      const refused = await newItemRefusal(deps, asker)
      if (refused) return ack(outcomeMessage(refused, command.user_id, Date.now()))
      await ack()
      await deps.slack.api.call(
        'views.open',
        { trigger_id: command.trigger_id, view: newItemModal({ channelId: command.channel_id }) },
        { teamId: command.team_id, enterpriseId: command.enterprise_id || undefined },
      )
      return
    }
    let action: Command['action']
    try {
      action = parseCommandText(command.text ?? '')
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return ack(errorMessage(error.code, error.details))
    }
    const request = Command.safeParse({
      requestKey: `cmd:${command.trigger_id}`,
      requestId: String(context.requestId ?? command.trigger_id),
      teamId: command.team_id,
      enterpriseId: command.enterprise_id || undefined,
      userId: command.user_id,
      channelId: command.channel_id || undefined,
      responseUrl: command.response_url || undefined,
      slackAdmin,
      action,
    })
    // The parser enforces the schema's limits; this catches any it missed, with a usage answer, not an error.
    if (!request.success) return ack(errorMessage('USAGE', { verb: action.verb.split('.')[0] ?? 'help' }))
    const dispatched = await deps.dispatcher.dispatch(request.data)
    await ack(ackMessage(dispatched, request.data.userId, Date.now()))
  }
}

/**
 * Whether the new-item form may open: the refusal when the asker may not create
 * items. When their role cannot be read now, the form opens: its submission is checked.
 */
async function newItemRefusal(deps: ListenerDeps, asker: Asker) {
  try {
    return await formRefusal(deps, asker, { verb: 'new' }, await deps.service.access(asker))
  } catch (err) {
    deps.logger.warn({ err }, 'could not read a role before opening a form; its submission is checked')
    return undefined
  }
}
