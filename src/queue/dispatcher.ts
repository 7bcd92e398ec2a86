import type { ErrorDetails } from '../errors.js'
import type { Command } from '../inventory/commands.js'
import type { Outcome } from '../inventory/results.js'

/**
 * What dispatching a command came to, as data (the Slack side turns it into
 * the ack): its outcome, when it was ready within the ack budget; accepted,
 * when the answer follows later (delivered where the command came from); or
 * not accepted, and why — nothing was queued (or, for `NOT_CONFIRMED`, the
 * broker may hold it after all), or, for `BUSY`, in-process mode had as many
 * changes in flight as it takes: nothing was run.
 */
export type Dispatched =
  | { readonly kind: 'answered'; readonly outcome: Outcome }
  | { readonly kind: 'accepted' }
  | {
      readonly kind: 'not-accepted'
      readonly code: 'NOT_ACCEPTED' | 'NOT_CONFIRMED' | 'BUSY'
      readonly details: ErrorDetails
    }

/** Between accepting a command and applying it: in-process (`inline-dispatcher.ts`) or through RabbitMQ (`queue-dispatcher.ts`). */
export interface Dispatcher {
  /**
   * Applies (or makes durable) a command. A slash command is answered when its
   * outcome is ready within the ack budget; a button or a modal is accepted at
   * once (the deliverer shows its answer).
   */
  dispatch(command: Command): Promise<Dispatched>
  /** Waits for answers still in flight (at most `timeoutMs`), for a clean shutdown. */
  drain(timeoutMs: number): Promise<void>
}
