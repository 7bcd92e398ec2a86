import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt'
import { VIEWS } from '../../blocks/index.js'
import type { ListenerDeps } from '../deps.js'
import { movementSubmitted } from './movement.js'
import { newItemSubmitted } from './new-item.js'
import { reorderSubmitted } from './reorder.js'

type ViewListener = (args: SlackViewMiddlewareArgs & AllMiddlewareArgs) => Promise<unknown>

/** Every modal submission the bot listens for (callback ids in `blocks/ids.ts`), one row each. */
function forms(deps: ListenerDeps): Record<(typeof VIEWS)[keyof typeof VIEWS], ViewListener> {
  return {
    [VIEWS.movement]: movementSubmitted(deps),
    [VIEWS.newItem]: newItemSubmitted(deps),
    [VIEWS.reorder]: reorderSubmitted(deps),
  }
}

/** One Bolt listener for every submission, which finds the form's row (see `actions/index.ts` for why). */
export function registerViews(app: App, deps: ListenerDeps): void {
  const byCallbackId = new Map<string, ViewListener>(Object.entries(forms(deps)))
  app.view({ type: 'view_submission' }, async (args) => {
    await byCallbackId.get(args.view.callback_id)?.(args)
  })
}
