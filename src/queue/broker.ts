import amqp, { type Channel, type ConfirmChannel, type ConsumeMessage } from 'amqplib'
import type { Logger } from '../logger.js'
import { fullJitterDelayMs, withRetry } from '../resilience/retry.js'
import { declareTopology, type Topology } from './topology.js'
import { createTracker, within } from './tracker.js'

/** Handles one delivery; it must ack or nack `message` on `channel`, the channel that delivered it. */
export type MessageHandler = (message: ConsumeMessage, channel: Channel) => Promise<void>

export interface ConsumerSpec {
  readonly queue: string
  readonly prefetch: number
  readonly handler: MessageHandler
}

export interface Broker {
  /**
   * Publishes a persistent message and resolves once the broker has confirmed
   * it. Rejects when not connected or not confirmed within `timeoutMs`.
   */
  publish(
    queue: string,
    body: Buffer,
    options: { messageId?: string; correlationId?: string; headers?: Record<string, unknown> },
    timeoutMs: number,
  ): Promise<void>
  /** Consumes with manual acks and a bounded prefetch, now if connected and again after every reconnect. */
  consume(spec: ConsumerSpec): void
  isConnected(): boolean
  /** Messages ready in a queue (for the queue-depth gauge). */
  depth(queue: string): Promise<number>
  /** Resolves true once connected (topology declared), false after `timeoutMs`. */
  waitUntilConnected(timeoutMs: number): Promise<boolean>
  /** Cancels consumers, lets in-flight handlers finish (at most `graceMs`), closes channels and the connection. */
  close(graceMs: number): Promise<void>
}

/** Reconnect delays: full jitter, 200 ms doubling up to 10 s, forever. */
const RECONNECT_POLICY = { attempts: Number.POSITIVE_INFINITY, baseMs: 200, capMs: 10_000 }

/**
 * A RabbitMQ connection that recovers by itself (amqplib's recovery, with our
 * full-jitter delays): after every (re)connect it declares the topology, opens
 * a confirm channel for publishing and restarts the consumers. It does not
 * wait for the first connection: a bot can start while the broker is down.
 */
export async function connectBroker(options: {
  url: string
  topology: Topology
  logger: Logger
}): Promise<Broker> {
  const logger = options.logger.child({ component: 'rabbitmq' })
  const consumers: ConsumerSpec[] = []
  const inFlight = createTracker()
  let model: amqp.ChannelModel | undefined
  let publisher: ConfirmChannel | undefined
  let active: { channel: Channel; tag: string }[] = []
  let closing = false

  const connection = await amqp.connect(withHeartbeat(options.url), {
    timeout: 5_000,
    recovery: {
      waitForConnect: false,
      maxRetries: Number.POSITIVE_INFINITY,
      calculateDelay: (attempt: number) => fullJitterDelayMs(attempt, RECONNECT_POLICY),
      setup: async (connected: amqp.ChannelModel) => {
        const channel = await connected.createConfirmChannel()
        watch(channel, 'publisher')
        channel.on('close', () => {
          if (publisher === channel) publisher = undefined
        })
        await declareTopology(channel, options.topology)
        publisher = channel
        active = []
        // Iterates live: a consumer registered meanwhile is started here, once.
        for (const spec of consumers) await startConsumer(connected, spec)
        model = connected
        logger.info('connected; topology declared')
      },
    },
  })
  connection.on('error', (err: Error) => logger.warn({ err }, 'connection error'))
  connection.on('disconnect', (err: Error) => {
    publisher = undefined
    model = undefined
    if (!closing) logger.warn({ err }, 'disconnected; reconnecting')
  })
  connection.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) =>
    logger.info({ attempt, delayMs: delay }, 'reconnect scheduled'),
  )

  function watch(channel: Channel, role: string) {
    channel.on('error', (err: Error) => logger.warn({ err, role }, 'channel error'))
  }

  async function startConsumer(on: amqp.ChannelModel, spec: ConsumerSpec): Promise<void> {
    const channel = await on.createChannel()
    watch(channel, `consumer of ${spec.queue}`)
    await channel.prefetch(spec.prefetch)
    const { consumerTag } = await channel.consume(
      spec.queue,
      (message) => {
        if (message === null) {
          // The broker cancelled the consumer (queue deleted or moved): declare again and resume.
          logger.warn({ queue: spec.queue }, 'consumer cancelled by the broker; restarting it')
          if (!closing)
            setTimeout(() => {
              declareTopology(channel, options.topology)
                .then(() => startConsumer(on, spec))
                .catch((err) => logger.error({ err }, 'could not restart the consumer'))
            }, 1_000)
          return
        }
        inFlight.track(
          spec
            .handler(message, channel)
            .catch((err) => logger.error({ err, queue: spec.queue }, 'handler failed')),
        )
      },
      { noAck: false },
    )
    active.push({ channel, tag: consumerTag })
  }

  function publishOnce(queue: string, body: Buffer, opts: Parameters<Broker['publish']>[2]): Promise<void> {
    const channel = publisher
    if (!channel) return Promise.reject(new Error('Channel closed: not connected to RabbitMQ'))
    return new Promise((resolve, reject) => {
      channel.sendToQueue(
        queue,
        body,
        { persistent: true, contentType: 'application/json', ...opts },
        (err: unknown) =>
          err ? reject(err instanceof Error ? err : new Error('publish nacked by the broker')) : resolve(),
      )
    })
  }

  return {
    async publish(queue, body, opts, timeoutMs) {
      const attempt = withRetry('rabbitmq', () => publishOnce(queue, body, opts), {
        attempts: 3,
        baseMs: 50,
        capMs: 250,
        budgetMs: timeoutMs,
      })
      const confirmed = await within(
        attempt.then(() => true),
        timeoutMs,
      )
      if (!confirmed) {
        attempt.catch(() => undefined)
        throw new PublishUnconfirmedError(timeoutMs)
      }
    },
    consume(spec) {
      consumers.push(spec)
      if (model)
        startConsumer(model, spec).catch((err) => logger.error({ err }, 'could not start a consumer'))
    },
    isConnected: () => publisher !== undefined,
    async depth(queue) {
      if (!publisher) throw new Error('Channel closed: not connected to RabbitMQ')
      return (await publisher.checkQueue(queue)).messageCount
    },
    async waitUntilConnected(timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (!publisher && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      return publisher !== undefined
    },
    async close(graceMs) {
      closing = true
      for (const { channel, tag } of active) await channel.cancel(tag).catch(() => undefined)
      await inFlight.drain(graceMs)
      await connection.close().catch(() => undefined)
    },
  }
}

/**
 * The broker neither confirmed nor refused in time: the message may or may not
 * be queued. (Not connected, or nacked, is a plain Error: certainly not queued.)
 */
export class PublishUnconfirmedError extends Error {
  constructor(timeoutMs: number) {
    super(`RabbitMQ did not confirm the publish within ${timeoutMs} ms`)
    this.name = 'PublishUnconfirmedError'
  }
}

/** Acks on the channel that delivered; if that channel is gone, the broker redelivers and idempotency absorbs it. */
export function ack(channel: Channel, message: ConsumeMessage, logger: Logger): void {
  try {
    channel.ack(message)
  } catch (err) {
    logger.warn({ err }, 'could not ack: the channel closed; the message will be redelivered')
  }
}

export function nack(channel: Channel, message: ConsumeMessage, logger: Logger): void {
  try {
    channel.nack(message, false, true)
  } catch (err) {
    logger.warn({ err }, 'could not nack: the channel closed; the message will be redelivered')
  }
}

/** Heartbeats every 10 s unless the URL says otherwise: a blackholed broker is noticed in seconds, not minutes. */
function withHeartbeat(url: string): string {
  const parsed = new URL(url)
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '10')
  return parsed.toString()
}
