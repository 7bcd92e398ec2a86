import { randomUUID } from 'node:crypto'
import type { App } from '@slack/bolt'
import type { Logger } from '../logger.js'
import { observeAck } from '../metrics.js'

/** Slack waits 3 s for an ack; the listeners answer well before, this is the backstop. */
export const ACK_DEADLINE_MS = 2_900

/** One payload from Slack, whichever way it came (an HTTP request, a Socket Mode envelope). */
export interface SlackDelivery {
  readonly body: Record<string, unknown>
  /** Slack's retry count and reason for an Events API delivery it repeats. */
  readonly retryNum?: number | undefined
  readonly retryReason?: string | undefined
}

/**
 * Hands one payload to Bolt with an `ack` that answers Slack exactly once
 * through `answer` (an HTTP response, an envelope ack): with what the listener
 * acked, or empty when it acked nothing — at the latest by ACK_DEADLINE_MS, and
 * also when Bolt or a listener threw. Both receivers share it, so the ack rules
 * are one piece of code.
 */
export async function processAcked(
  app: App | undefined,
  delivery: SlackDelivery,
  answer: (response?: unknown) => Promise<void> | void,
  parentLogger: Logger,
): Promise<void> {
  const started = performance.now()
  const requestId = randomUUID()
  const logger = parentLogger.child({ requestId })
  let acked = false
  const ack = async (response?: unknown) => {
    if (acked) return logger.warn('ack called twice or after the deadline; ignored')
    acked = true
    await answer(response)
    observeAck((performance.now() - started) / 1000)
  }
  const backstop = setTimeout(() => {
    if (acked) return
    logger.error('no ack before the deadline; answered empty so Slack does not report a failure')
    void ack()
  }, ACK_DEADLINE_MS)
  try {
    if (!app) throw new Error('receiver used before Bolt initialised it')
    await app.processEvent({
      body: delivery.body,
      ack,
      retryNum: delivery.retryNum,
      retryReason: delivery.retryReason,
      customProperties: { requestId },
    })
  } catch (err) {
    logger.error({ err }, 'unhandled error while processing a Slack request')
  } finally {
    clearTimeout(backstop)
    if (!acked) await ack()
  }
}
