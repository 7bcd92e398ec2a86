import type { Logger } from '../logger.js'
import { ANY_WORKSPACE, type SlackApi } from './webapi.js'

/** Bolt's `authorize`: for the workspace (or org) a payload came from, the token and the bot's ids to serve it with. */
export type Authorize = (source: {
  teamId?: string | undefined
  enterpriseId?: string | undefined
  isEnterpriseInstall?: boolean | undefined
}) => Promise<{ botToken?: string; botId?: string; botUserId?: string }>

/**
 * Bolt's authorize for a single bot token. `auth.test` (the bot's own ids) is
 * looked up in the background and never awaited on a request's path: a slow or
 * failing Slack must neither crash the process nor delay an ack.
 */
export function singleTokenAuthorize(deps: {
  botToken: string | undefined
  api: SlackApi
  logger: Logger
}): Authorize {
  let identity: { botId?: string; botUserId?: string } = {}
  let looking = false
  const refresh = () => {
    if (looking) return
    looking = true
    deps.api
      .call('auth.test', {}, ANY_WORKSPACE)
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
