import { asAppError } from '../errors.js'
import { countCommand } from '../http/metrics.js'
import { type Command, isAdmin, isRead } from '../inventory/actions.js'
import type { Outcome } from '../inventory/results.js'
import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { outcomeMessage, type SlackMessage, workingMessage } from '../slack/blocks/index.js'
import type { Deliverer } from '../slack/delivery.js'
import type { FileUploader } from '../slack/files.js'
import { answerDlq } from './admin.js'
import type { DeadLetters } from './dead-letters.js'
import { createTracker, within } from './tracker.js'

/** Between accepting a command and applying it. */
export interface Dispatcher {
  /**
   * Applies (or makes durable) a command. For a slash command, returns the ack
   * body: the answer when it is ready within the ack budget, else "working on
   * it" (the answer follows on its response_url). For a button or a modal,
   * returns undefined once accepted (the deliverer shows the answer), or the
   * error to show when nothing was accepted.
   */
  dispatch(command: Command): Promise<SlackMessage | undefined>
  /** Waits for answers still in flight (at most `timeoutMs`), for a clean shutdown. */
  drain(timeoutMs: number): Promise<void>
}

/** What commands run against: the inventory, and (in queue mode) the dead letters. */
export interface CommandHandlers {
  readonly service: InventoryService
  readonly deadLetters?: DeadLetters | undefined
  readonly admins: ReadonlySet<string>
  /** Exports are reads whose answer is a file in the channel. */
  readonly files: FileUploader
}

/** Runs a command to its outcome; never throws (a failure becomes an error outcome, and is logged). */
export async function outcomeOf(
  handlers: CommandHandlers,
  command: Command,
  logger: Logger,
): Promise<Outcome> {
  const outcome = await attempt(handlers, command, logger)
  countCommand(command.action.verb, outcomeLabel(outcome))
  return outcome
}

/** How an outcome is counted: refused by the rules, or an error of ours or of a dependency. */
export const outcomeLabel = (outcome: Outcome) =>
  outcome.ok ? 'ok' : outcome.code === 'UNAVAILABLE' || outcome.code === 'INTERNAL' ? 'error' : 'refused'

async function attempt(handlers: CommandHandlers, command: Command, logger: Logger): Promise<Outcome> {
  try {
    const { action } = command
    if (isRead(action)) {
      const outcome = await handlers.service.read({ ...command, action })
      if (outcome.ok && outcome.result.kind === 'export') await handlers.files.upload(command, outcome.result)
      return outcome
    }
    if (isAdmin(action)) return await answerDlq(handlers.deadLetters, command, action, handlers.admins)
    return await handlers.service.apply({ ...command, action })
  } catch (error) {
    const appError = asAppError(error)
    logger.error({ err: error, requestId: command.requestId, verb: command.action.verb }, 'command failed')
    return { ok: false, code: appError.code, details: appError.details }
  }
}

/**
 * In-process mode (no AMQP_URL): the change is applied before the ack whenever
 * it fits the budget. When it does not, the ack says "working on it" and the
 * answer follows on the response_url; a crash in that window loses the command
 * (queue mode exists for that).
 */
export function createInlineDispatcher(deps: {
  handlers: CommandHandlers
  deliverer: Deliverer
  logger: Logger
  ackBudgetMs: number
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
      const outcome = outcomeOf(deps.handlers, command, deps.logger)
      if (command.origin.kind !== 'slash') {
        // A button or a form acks at once (a form has already spent time on its checks); the answer follows.
        later(
          command,
          outcome.then((o) => deps.deliverer.deliver(command, o)),
        )
        return undefined
      }
      const early = await within(outcome, deps.ackBudgetMs)
      if (early) {
        later(command, deps.deliverer.afterChange(command, early))
        return outcomeMessage(early, command.userId)
      }
      later(
        command,
        outcome.then((o) => deps.deliverer.deliver(command, o)),
      )
      return workingMessage()
    },
    drain: tracker.drain,
  }
}
