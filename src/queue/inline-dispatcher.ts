import { type Command, isChange } from '../inventory/commands.js'
import type { Executor } from '../inventory/execute.js'
import type { Logger } from '../logger.js'
import { countCommand } from '../metrics.js'
import type { Deliverer } from '../slack/delivery.js'
import type { Admission } from './admission.js'
import type { Dispatched, Dispatcher } from './dispatcher.js'
import { createTracker, within } from './tracker.js'

/**
 * In-process mode (no AMQP_URL): the change is applied before the ack whenever
 * it fits the budget. When it does not, the ack says "working on it" and the
 * answer follows on the response_url; a crash in that window loses the command
 * (queue mode exists for that). A change past the admission bound is not run:
 * it is answered "busy" at once. Reads are not counted against the bound.
 */
export function createInlineDispatcher(deps: {
  execute: Executor
  deliverer: Deliverer
  logger: Logger
  ackBudgetMs: number
  admission: Admission
}): Dispatcher {
  const tracker = createTracker()
  const later = (command: Command, work: Promise<unknown>) =>
    tracker.track(
      work.catch((err) =>
        deps.logger.error({ err, requestId: command.requestId }, 'could not deliver an answer'),
      ),
    )
  return {
    async dispatch(command) {
      const outcome = isChange(command.action)
        ? deps.admission.run(() => deps.execute(command))
        : deps.execute(command)
      if (!outcome) {
        deps.logger.warn(
          { requestId: command.requestId, verb: command.action.verb },
          'busy: refused a change, MAX_CHANGES_IN_FLIGHT are running',
        )
        countCommand(command.action.verb, 'busy')
        return BUSY
      }
      if (command.origin.kind !== 'slash') {
        // A button or a form acks at once (a form has already spent time on its checks); the answer follows.
        later(
          command,
          outcome.then((o) => deps.deliverer.deliver(command, o)),
        )
        return { kind: 'accepted' }
      }
      const early = await within(outcome, deps.ackBudgetMs)
      if (early) {
        later(command, deps.deliverer.afterChange(command, early))
        return { kind: 'answered', outcome: early }
      }
      later(
        command,
        outcome.then((o) => deps.deliverer.deliver(command, o)),
      )
      return { kind: 'accepted' }
    },
    drain: tracker.drain,
  }
}

const BUSY: Dispatched = { kind: 'not-accepted', code: 'BUSY', details: {} }
