import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt'
import type { ListenerDeps } from '../deps.js'
import { appHomeOpened } from './app-home-opened.js'
import { installationGone } from './installation-gone.js'

type EventType = 'app_home_opened' | 'app_uninstalled' | 'tokens_revoked'
type EventListeners = {
  [T in EventType]: (args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs) => Promise<unknown>
}

/** Every Events API event the bot listens for (and subscribes to in `manifest.yml`), one row each. */
function events(deps: ListenerDeps): EventListeners {
  return {
    app_home_opened: appHomeOpened(deps),
    app_uninstalled: installationGone(deps),
    tokens_revoked: installationGone(deps),
  }
}

/** One Bolt listener for every event, which finds the event's row (see `actions/index.ts` for why). */
export function registerEvents(app: App, deps: ListenerDeps): void {
  // Each row takes the arguments Bolt gives an event of its type, and is looked up by that type.
  type AnyEventListener = (args: SlackEventMiddlewareArgs & AllMiddlewareArgs) => Promise<unknown>
  const byType = new Map(Object.entries(events(deps)) as [string, AnyEventListener][])
  app.event(/.*/, async (args) => {
    await byType.get(args.event.type)?.(args)
  })
}
