import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt'
import type { ListenerDeps } from '../deps.js'

/**
 * `app_uninstalled`, and `tokens_revoked` naming the bot: the installation's
 * tokens are forgotten at once (Slack has already made them useless); its
 * workspace's inventory data stays. Bolt calls these without `authorize`, so
 * they arrive even when no token is left. With a single bot token there is no
 * installation to forget.
 */
export function installationGone(deps: ListenerDeps) {
  return async ({
    event,
    context,
  }: SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs) => {
    if (event.type === 'tokens_revoked' && !event.tokens.bot?.length) return // user tokens: none are kept
    const key = {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall,
    }
    const revoked = (await deps.installations?.revoke(key, event.type)) ?? false
    deps.logger.info({ ...key, event: event.type, revoked }, 'the installation’s tokens are gone')
  }
}
