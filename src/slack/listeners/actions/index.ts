import type { App } from '@slack/bolt'
import { ACTIONS } from '../../blocks/index.js'
import type { ListenerDeps } from '../deps.js'
import { buttonCommand } from './buttons.js'
import { pickAction, QUESTION, questionKey, readAction } from './choices.js'
import { showMoreOnHome } from './home-more.js'
import { openMovementForm, openReorderForm } from './open-forms.js'

/** Every button the bot listens for (action ids in `blocks/ids.ts`), one line each. */
export function registerActions(app: App, deps: ListenerDeps): void {
  // Buttons that are commands: the value carries an id; the service re-reads state and re-checks rights.
  app.action(
    ACTIONS.undo,
    buttonCommand(deps, (v) => ({ verb: 'undo', movement: Number(v) })),
  )
  app.action(
    ACTIONS.confirm,
    buttonCommand(deps, (v) => ({ verb: 'change.confirm', pending: v })),
  )
  app.action(
    ACTIONS.cancel,
    buttonCommand(deps, (v) => ({ verb: 'change.cancel', pending: v })),
  )
  app.action(
    ACTIONS.snooze,
    buttonCommand(deps, (v) => ({ verb: 'alert.snooze', sku: v })),
  )
  app.action(
    ACTIONS.ordered,
    buttonCommand(deps, (v) => ({ verb: 'alert.ordered', sku: v })),
  )
  app.action(
    ACTIONS.approve,
    buttonCommand(deps, (v) => ({ verb: 'request.approve', request: Number(v) })),
  )
  app.action(
    ACTIONS.reject,
    buttonCommand(deps, (v) => ({ verb: 'request.reject', request: Number(v) })),
  )
  app.action(
    ACTIONS.release,
    buttonCommand(deps, (v) => ({ verb: 'release', reservation: Number(v) })),
  )
  app.action(
    ACTIONS.stockHistory,
    buttonCommand(deps, (v) => ({ verb: 'history', sku: v, limit: 10 })),
  )

  // "Which one?": a pick answers the question in its place (a change once, whatever is clicked how often).
  app.action(ACTIONS.choose, buttonCommand(deps, pickAction, { requestKey: questionKey, origin: QUESTION }))
  app.action(ACTIONS.chooseRead, buttonCommand(deps, readAction, { origin: QUESTION }))

  // Buttons that open a form, pre-filled from the value.
  app.action(ACTIONS.stockReceive, openMovementForm(deps, 'receive'))
  app.action(ACTIONS.stockIssue, openMovementForm(deps, 'issue'))
  app.action(ACTIONS.stockMove, openMovementForm(deps, 'move'))
  app.action(ACTIONS.stockReserve, openMovementForm(deps, 'reserve'))
  app.action(ACTIONS.requestReceive, openMovementForm(deps, 'receive', { fromRequest: true }))
  app.action(ACTIONS.reorder, openReorderForm(deps))

  // The App Home.
  app.action(ACTIONS.homeMore, showMoreOnHome(deps))
}
