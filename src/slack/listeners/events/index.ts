import type { App } from '@slack/bolt'
import type { ListenerDeps } from '../deps.js'
import { appHomeOpened } from './app-home-opened.js'
import { installationGone } from './installation-gone.js'

/** Every Events API event the bot listens for (and subscribes to in `manifest.yml`), one line each. */
export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', appHomeOpened(deps))
  app.event('app_uninstalled', installationGone(deps))
  app.event('tokens_revoked', installationGone(deps))
}
