import type { AllMiddlewareArgs, App, SlackActionMiddlewareArgs } from '@slack/bolt'
import { ACTIONS } from '../../blocks/index.js'
import type { ListenerDeps } from '../deps.js'
import { buttonCommand } from './buttons.js'
import { pickAction, QUESTION, questionKey, readAction } from './choices.js'
import { showMoreOnHome } from './home-more.js'
import { openMovementForm, openReorderForm } from './open-forms.js'

type ActionListener = (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => Promise<unknown>

/** Every button the bot listens for (action ids in `blocks/ids.ts`), one row each. */
function buttons(deps: ListenerDeps): Record<(typeof ACTIONS)[keyof typeof ACTIONS], ActionListener> {
  return {
    // Buttons that are commands: the value carries an id; the service re-reads state and re-checks rights.
    [ACTIONS.undo]: buttonCommand(deps, (v) => ({ verb: 'undo', movement: Number(v) })),
    [ACTIONS.confirm]: buttonCommand(deps, (v) => ({ verb: 'change.confirm', pending: v })),
    [ACTIONS.cancel]: buttonCommand(deps, (v) => ({ verb: 'change.cancel', pending: v })),
    [ACTIONS.snooze]: buttonCommand(deps, (v) => ({ verb: 'alert.snooze', sku: v })),
    [ACTIONS.ordered]: buttonCommand(deps, (v) => ({ verb: 'alert.ordered', sku: v })),
    [ACTIONS.approve]: buttonCommand(deps, (v) => ({ verb: 'request.approve', request: Number(v) })),
    [ACTIONS.reject]: buttonCommand(deps, (v) => ({ verb: 'request.reject', request: Number(v) })),
    [ACTIONS.release]: buttonCommand(deps, (v) => ({ verb: 'release', reservation: Number(v) })),
    [ACTIONS.stockHistory]: buttonCommand(deps, (v) => ({ verb: 'history', sku: v, limit: 10 })),

    // "Which one?": a pick answers the question in its place (a change once, whatever is clicked how often).
    [ACTIONS.choose]: buttonCommand(deps, pickAction, { requestKey: questionKey, origin: QUESTION }),
    [ACTIONS.chooseRead]: buttonCommand(deps, readAction, { origin: QUESTION }),

    // Buttons that open a form, pre-filled from the value.
    [ACTIONS.stockReceive]: openMovementForm(deps, 'receive'),
    [ACTIONS.stockIssue]: openMovementForm(deps, 'issue'),
    [ACTIONS.stockMove]: openMovementForm(deps, 'move'),
    [ACTIONS.stockReserve]: openMovementForm(deps, 'reserve'),
    [ACTIONS.requestReceive]: openMovementForm(deps, 'receive', { fromRequest: true }),
    [ACTIONS.reorder]: openReorderForm(deps),

    // The App Home.
    [ACTIONS.homeMore]: showMoreOnHome(deps),
  }
}

/**
 * One Bolt listener for every button, which finds the button's row: Bolt runs
 * the matchers of every listener it holds on every payload, and with one
 * listener per button that was more than a quarter of the bot's CPU per command
 * (docs/benchmarks.md, "Where the time goes"). An unknown action id is acked empty.
 */
export function registerActions(app: App, deps: ListenerDeps): void {
  const byId = new Map<string, ActionListener>(Object.entries(buttons(deps)))
  app.action({ type: 'block_actions' }, async (args) => {
    await byId.get(args.action.action_id)?.(args)
  })
}
