import { App, type Receiver } from '@slack/bolt'
// Bolt does not re-export this type from its index.
import type { ExtendedErrorHandler } from '@slack/bolt/dist/App.js'
import { ZodError } from 'zod'
import type { Logger } from '../logger.js'
import { errorMessage, type SlackMessage, workingMessage } from './blocks/index.js'
import { boltLogger } from './bolt-logger.js'
import { registerActions } from './listeners/actions/index.js'
import { registerCommands } from './listeners/commands/index.js'
import type { ListenerDeps } from './listeners/deps.js'
import { registerEvents } from './listeners/events/index.js'
import { registerViews } from './listeners/views/index.js'
import type { SlackApi } from './webapi.js'

export interface SlackAppDeps extends ListenerDeps {
  /** The way payloads come in: `receiver.ts` (HTTP) or `socket/receiver.ts` (Socket Mode). */
  readonly receiver: Receiver
  readonly botToken: string | undefined
}

/** The Bolt app: the receiver it is given, the listeners, and the one final error handler. */
export function createSlackApp(deps: SlackAppDeps): App {
  const { receiver } = deps
  const app = new App({
    receiver,
    authorize: createAuthorize({ ...deps, api: deps.slack.api }),
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

function replyTargetOf(body: unknown) {
  const b = (body ?? {}) as {
    response_url?: string
    channel_id?: string
    user_id?: string
    user?: { id?: string }
    channel?: { id?: string }
  }
  const userId = b.user_id ?? b.user?.id
  if (!userId || !(b.response_url || b.channel_id || b.channel?.id)) return undefined
  return { responseUrl: b.response_url, channelId: b.channel_id ?? b.channel?.id, userId }
}

/**
 * Bolt's authorize for a single bot token. `auth.test` (the bot's own ids) is
 * looked up in the background and never awaited on a request's path: a slow or
 * failing Slack must neither crash the process nor delay an ack.
 */
function createAuthorize(deps: { botToken: string | undefined; api: SlackApi; logger: Logger }) {
  let identity: { botId?: string; botUserId?: string } = {}
  let looking = false
  const refresh = () => {
    if (looking) return
    looking = true
    deps.api
      .call('auth.test', {})
      .then((result) => {
        identity = { botId: String(result.bot_id ?? ''), botUserId: String(result.user_id ?? '') }
        deps.logger.info({ botUserId: identity.botUserId }, 'auth.test succeeded')
      })
      .catch((err) => deps.logger.warn({ err }, 'auth.test failed; will try again on the next request'))
      .finally(() => {
        looking = false
      })
  }
  if (deps.botToken) refresh()
  return async () => {
    if (!deps.botToken) return {}
    if (!identity.botId) refresh()
    return { botToken: deps.botToken, ...identity }
  }
}
