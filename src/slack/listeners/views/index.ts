import type { App } from '@slack/bolt'
import { VIEWS } from '../../blocks/index.js'
import type { ListenerDeps } from '../deps.js'
import { movementSubmitted } from './movement.js'
import { newItemSubmitted } from './new-item.js'
import { reorderSubmitted } from './reorder.js'

/** Every modal submission the bot listens for (callback ids in `blocks/ids.ts`), one line each. */
export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(VIEWS.movement, movementSubmitted(deps))
  app.view(VIEWS.newItem, newItemSubmitted(deps))
  app.view(VIEWS.reorder, reorderSubmitted(deps))
}
