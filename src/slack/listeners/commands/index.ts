import type { App } from '@slack/bolt'
import { COMMAND } from '../../wording/index.js'
import type { ListenerDeps } from '../deps.js'
import { inventoryCommand } from './inventory.js'

/** Every slash command the bot listens for (and declares in `manifest.yml`), one line each. */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, inventoryCommand(deps))
}
