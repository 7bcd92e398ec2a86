import { asAppError } from '../errors.js'
import { type Command, isAdmin, isRead } from '../inventory/actions.js'
import type { Outcome } from '../inventory/results.js'
import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { errorMessage, outcomeMessage, type SlackMessage, workingMessage } from '../slack/blocks.js'
import type { Responder } from '../slack/responder.js'
import { answerDlq } from './admin.js'
import type { DeadLetters } from './dead-letters.js'

/** Between accepting a command and applying it. */
export interface Dispatcher {
  /**
   * Applies (or makes durable) a command and returns what the ack carries:
   * the answer when it is ready within the ack budget, else a "working on it"
   * placeholder, with the answer following on the command's response_url.
   */
  dispatch(command: Command): Promise<SlackMessage>
  /** Waits for answers still in flight (at most `timeoutMs`), for a clean shutdown. */
  drain(timeoutMs: number): Promise<void>
}

/** What commands run against: the inventory, and (in queue mode) the dead letters. */
export interface CommandHandlers {
  readonly service: InventoryService
  readonly deadLetters?: DeadLetters | undefined
  readonly admins: ReadonlySet<string>
}

/** Runs a command and renders the answer; never throws. */
export async function runCommand(
  handlers: CommandHandlers,
  command: Command,
  logger: Logger,
): Promise<SlackMessage> {
  try {
    const { action } = command
    const outcome: Outcome = isRead(action)
      ? await handlers.service.read({ ...command, action })
      : isAdmin(action)
        ? await answerDlq(handlers.deadLetters, command, action, handlers.admins)
        : await handlers.service.apply({ ...command, action })
    return outcomeMessage(outcome, command.userId)
  } catch (error) {
    const appError = asAppError(error)
    logger.error({ err: error, requestId: command.requestId, verb: command.action.verb }, 'command failed')
    return errorMessage(appError.code, appError.details)
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
  responder: Responder
  logger: Logger
  ackBudgetMs: number
}): Dispatcher {
  const tracker = createTracker()
  return {
    async dispatch(command) {
      const answer = runCommand(deps.handlers, command, deps.logger)
      const early = await within(answer, deps.ackBudgetMs)
      if (early) return early
      tracker.track(
        answer
          .then((message) => deps.responder.reply(command, { ...message, replace_original: true }))
          .catch((err) =>
            deps.logger.error({ err, requestId: command.requestId }, 'could not deliver a late answer'),
          ),
      )
      return workingMessage()
    },
    drain: tracker.drain,
  }
}

/** Resolves with the value if it settles within `ms`, else with undefined (the promise keeps running). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Keeps background work visible so shutdown can wait for it. */
export function createTracker() {
  const pending = new Set<Promise<unknown>>()
  return {
    track(work: Promise<unknown>) {
      pending.add(work)
      void work.finally(() => pending.delete(work))
    },
    async drain(timeoutMs: number) {
      await within(Promise.allSettled([...pending]), timeoutMs)
    },
  }
}
