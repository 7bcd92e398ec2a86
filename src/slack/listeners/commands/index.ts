import type { App } from '@slack/bolt'
import type { Dispatcher } from '../../../queue/dispatcher.js'
import { COMMAND } from '../../replies.js'
import { inventoryCommand } from './inventory.js'

export function registerCommands(app: App, deps: { dispatcher: Dispatcher }): void {
  app.command(COMMAND, inventoryCommand(deps))
}
