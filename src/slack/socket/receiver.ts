import type { App, Receiver } from '@slack/bolt'
import type { Logger } from '../../logger.js'
import { processAcked } from '../acked.js'
import { isSlackEnvelope } from '../envelope.js'
import { ENVELOPE_TYPES, type SocketConnection } from './connection.js'
import type { SocketEnvelope } from './connections.js'

/**
 * Bolt's transport for Socket Mode envelopes, with the HTTP receiver's rules:
 * every payload passes the same envelope check (`envelope.ts`) before Bolt sees
 * it, and every envelope is acked exactly once, within Slack's 3 s
 * (`processAcked`): with the listener's answer, or empty — also a malformed one,
 * which Slack would otherwise redeliver. When an ack cannot be sent (its
 * connection broke), `lostAck` gets what it would have said, to answer another way.
 */
export class SocketReceiver implements Receiver {
  private app: App | undefined

  constructor(
    private readonly options: {
      logger: Logger
      lostAck?: (body: Record<string, unknown>, response: unknown) => Promise<void>
    },
  ) {}

  init(app: App): void {
    this.app = app
  }

  /** Connections are opened and closed by `socket/mode.ts`, which holds one of the app's slots. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Handles one envelope from `connection`; never throws. */
  handle(connection: SocketConnection, envelope: SocketEnvelope): void {
    const { logger } = this.options
    const done = connection.begin()
    const answer = async (response?: unknown) => {
      try {
        await envelope.ack(response as Record<string, unknown> | undefined)
      } catch (err) {
        logger.warn(
          { err, envelopeId: envelope.envelope_id },
          'could not ack an envelope: its connection closed',
        )
        await this.options
          .lostAck?.(envelope.body, response)
          .catch((error) => logger.warn({ err: error }, 'could not give the answer of an unacked envelope'))
      } finally {
        done()
      }
    }
    if (!ENVELOPE_TYPES.has(envelope.type) || !isSlackEnvelope(envelope.body)) {
      logger.warn({ type: envelope.type }, 'refused a Socket Mode envelope that is not a Slack payload')
      void answer()
      return
    }
    void processAcked(
      this.app,
      { body: envelope.body, retryNum: envelope.retry_num, retryReason: envelope.retry_reason },
      answer,
      logger,
    )
  }
}
