import { App, ErrorCode, type Receiver } from '@slack/bolt'
// Bolt does not re-export this type from its index.
import type { ExtendedErrorHandler } from '@slack/bolt/dist/App.js'
import { ZodError } from 'zod'
import type { Authorize } from './authorize.js'
import { errorMessage, type SlackMessage, workingMessage } from './blocks/index.js'
import { boltLogger } from './bolt-logger.js'
import { registerActions } from './listeners/actions/index.js'
import { registerCommands } from './listeners/commands/index.js'
import type { ListenerDeps } from './listeners/deps.js'
import { registerEvents } from './listeners/events/index.js'
import { registerViews } from './listeners/views/index.js'
import { NotInstalledError } from './oauth/installations.js'
import type { ReplyTarget } from './responder.js'

export interface SlackAppDeps extends ListenerDeps {
  /** The way payloads come in: `receiver.ts` (HTTP) or `socket/receiver.ts` (Socket Mode). */
  readonly receiver: Receiver
  /** Whose token a payload is served with (`authorize.ts`): the bot token, or the workspace's installation. */
  readonly authorize: Authorize
}

/** The Bolt app: the receiver it is given, the listeners, and the one final error handler. */
export function createSlackApp(deps: SlackAppDeps): App {
  const { receiver } = deps
  const app = new App({
    receiver,
    authorize: deps.authorize,
    logger: boltLogger(deps.logger),
    // Conversation state would live in this process's memory; the bot keeps state only in Postgres.
    convoStore: false,
    extendedErrorHandler: true,
  })
  registerCommands(app, deps)
  registerActions(app, deps)
  registerViews(app, deps)
  registerEvents(app, deps)

  const onError: ExtendedErrorHandler = async ({ error, body, context }) => {
    const requestId = context?.requestId
    if (error.code === ErrorCode.AuthorizationError) {
      // No token to answer with. No installation serves the workspace (uninstalled, revoked): expected;
      // anything else (a token sealed with a key the bot was not given) is for an operator.
      if (error.original instanceof NotInstalledError)
        deps.logger.warn(
          { err: error.original, requestId },
          'a payload from a workspace the app is not installed in',
        )
      else
        deps.logger.error(
          { err: error.original, requestId },
          'could not read the token of the installation serving a payload',
        )
      return
    }
    const cause = error.original ?? error
    // A payload that does not have the shape our own buttons and forms send is bad input, not our failure.
    const malformed = cause instanceof ZodError || cause instanceof SyntaxError
    if (malformed) deps.logger.warn({ err: cause, requestId }, 'refused a malformed Slack payload')
    else deps.logger.error({ err: cause, code: error.code, requestId }, 'listener failed')
    const target = replyTargetOf(body)
    if (target)
      await deps.slack.responder
        .reply(target, errorMessage(malformed ? 'MALFORMED_REQUEST' : 'INTERNAL'))
        .catch(() => undefined)
  }
  app.error(onError)
  return app
}

/**
 * The answer an ack could not carry (its Socket Mode connection broke): a
 * slash command's answer goes to its response_url instead, so the person sees
 * what happened. Other acks (empty, a form's field errors) have nowhere else to go.
 */
export function answerLostAck(responder: ListenerDeps['slack']['responder']) {
  return async (body: Record<string, unknown>, response: unknown) => {
    const message = response as { text?: unknown; blocks?: unknown } | undefined
    const target = replyTargetOf(body)
    if (!target?.responseUrl || typeof message?.text !== 'string') return
    // "Working on it" is not sent: the answer it announced follows on the response_url anyway.
    if (message.text === workingMessage().text) return
    await responder.reply(target, message as SlackMessage)
  }
}

function replyTargetOf(body: unknown): ReplyTarget | undefined {
  const b = (body ?? {}) as {
    response_url?: string
    channel_id?: string
    user_id?: string
    team_id?: string
    enterprise_id?: string
    user?: { id?: string; team_id?: string }
    team?: { id?: string } | null
    enterprise?: { id?: string } | null
    channel?: { id?: string }
  }
  const userId = b.user_id ?? b.user?.id
  const teamId = b.team_id ?? b.team?.id ?? b.user?.team_id
  if (!userId || !teamId || !(b.response_url || b.channel_id || b.channel?.id)) return undefined
  return {
    teamId,
    enterpriseId: b.enterprise_id || b.enterprise?.id || undefined,
    responseUrl: b.response_url,
    channelId: b.channel_id ?? b.channel?.id,
    userId,
  }
}
