import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt'
// Bolt does not re-export this type from its index.
import type { ExtendedErrorHandler } from '@slack/bolt/dist/App.js'
import { ZodError } from 'zod'
import type { Logger } from '../logger.js'
import { errorMessage } from './blocks/index.js'
import { registerActions } from './listeners/actions/index.js'
import { registerCommands } from './listeners/commands/index.js'
import type { ListenerDeps } from './listeners/deps.js'
import { registerEvents } from './listeners/events/index.js'
import { registerViews } from './listeners/views/index.js'
import { SlackReceiver } from './receiver.js'
import type { SlackApi } from './webapi.js'

export interface SlackAppDeps extends ListenerDeps {
  readonly signingSecret: string
  readonly botToken: string | undefined
}

/** The Bolt app: our receiver, the listeners, and the one final error handler. */
export function createSlackApp(deps: SlackAppDeps): { app: App; receiver: SlackReceiver } {
  const receiver = new SlackReceiver({ signingSecret: deps.signingSecret, logger: deps.logger })
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
  return { app, receiver }
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

function boltLogger(logger: Logger): BoltLogger {
  const bolt = logger.child({ component: 'bolt' })
  const text = (messages: unknown[]) => messages.map(String).join(' ')
  return {
    debug: (...m) => bolt.debug(text(m)),
    info: (...m) => bolt.info(text(m)),
    warn: (...m) => bolt.warn(text(m)),
    error: (...m) => bolt.error(text(m)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  }
}
