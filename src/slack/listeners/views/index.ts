import type { App } from '@slack/bolt'
import type { ListenerDeps } from '../deps.js'
import { registerMovementView } from './movement.js'
import { registerNewItemView } from './new-item.js'
import { registerReorderView } from './reorder.js'

export function registerViews(app: App, deps: ListenerDeps): void {
  registerMovementView(app, deps)
  registerNewItemView(app, deps)
  registerReorderView(app, deps)
}
