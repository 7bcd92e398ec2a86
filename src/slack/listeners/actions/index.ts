import type { App } from '@slack/bolt'
import type { ListenerDeps } from '../deps.js'
import { registerButtonCommands } from './buttons.js'
import { registerHomeMore } from './home-more.js'
import { registerFormButtons } from './open-forms.js'

export function registerActions(app: App, deps: ListenerDeps): void {
  registerButtonCommands(app, deps)
  registerFormButtons(app, deps)
  registerHomeMore(app, deps)
}
