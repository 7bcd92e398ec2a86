import type { Config } from './config.js'
import { openDatabase } from './db/database.js'
import { deadLetterCount } from './db/repositories/dead-letters.js'
import { outboxCount } from './db/repositories/outbox.js'
import { startPruner } from './db/retention.js'
import { metricsRoutes } from './http/metrics.js'
import { createHttpServer, healthRoutes, type Routes } from './http/server.js'
import { makeExecutor } from './inventory/execute.js'
import { makeInventoryService } from './inventory/service.js'
import type { Logger } from './logger.js'
import { observeRetries } from './metrics.js'
import { type Broker, connectBroker } from './queue/broker.js'
import { answerDlq, createDeadLetters } from './queue/dead-letters.js'
import type { Dispatcher } from './queue/dispatcher.js'
import { createInlineDispatcher } from './queue/inline-dispatcher.js'
import { startOutboxRelay } from './queue/outbox.js'
import { createQueueDispatcher } from './queue/queue-dispatcher.js'
import { topologyFor } from './queue/topology.js'
import { createSlackApp } from './slack/app.js'
import { makeDeliveryRecords } from './slack/delivery-records.js'
import { createSlackOutbound } from './slack/outbound.js'

export interface RunningBot {
  readonly port: number
  /** Waits (at most `timeoutMs`) for answers and their follow-ups still in flight (alerts, App Home refreshes). */
  settled(timeoutMs: number): Promise<void>
  /** Readiness turns 503, in-flight requests and answers finish, then connections close. */
  stop(): Promise<void>
}

/**
 * Wires the bot: database → inventory service → dispatcher (in-process, or
 * RabbitMQ in queue mode) → Slack app → HTTP server.
 */
export async function startBot(
  config: Config,
  logger: Logger,
  options: { dataRoot?: string; routes?: Routes } = {},
): Promise<RunningBot> {
  const { routes: extraRoutes, ...databaseOptions } = options
  observeRetries(logger)
  const db = await openDatabase(config, logger, { applicationName: 'inventory-bot', ...databaseOptions })
  const service = makeInventoryService({ pool: db.pool, replica: db.replica, admins: config.adminUsers })
  const records = makeDeliveryRecords(db.pool)
  const slack = createSlackOutbound({
    slack: config.slack,
    admins: config.adminUsers,
    service,
    records,
    logger,
  })
  const queue = config.queue
  const topology = queue && topologyFor(queue.prefix, queue.retryDelaysMs, queue.maxDeliveries)
  const broker: Broker | undefined =
    queue && topology && (await connectBroker({ url: queue.url, topology, logger }))
  // Give the broker a moment at start, so a fresh bot publishes rather than filling the outbox; never required.
  if (broker && !(await broker.waitUntilConnected(5_000)))
    logger.warn('RabbitMQ is unreachable: changes go to the outbox')
  const admins = new Set(config.adminUsers)
  const deadLetters =
    queue && createDeadLetters({ pool: db.pool, broker, topology, publishTimeoutMs: queue.publishTimeoutMs })
  const inline = createInlineDispatcher({
    execute: makeExecutor({
      service,
      admin: (command, action) => answerDlq(deadLetters, command, action, admins),
      files: slack.files,
      logger,
    }),
    deliverer: slack.deliverer,
    logger,
    ackBudgetMs: config.ackBudgetMs,
  })
  const dispatcher: Dispatcher =
    queue && broker && topology
      ? createQueueDispatcher({
          inline,
          broker,
          pool: db.pool,
          topology,
          publishTimeoutMs: queue.publishTimeoutMs,
          ackBudgetMs: config.ackBudgetMs,
          logger,
        })
      : inline
  const relay =
    queue && broker && topology
      ? startOutboxRelay({
          pool: db.pool,
          broker,
          topology,
          logger,
          publishTimeoutMs: queue.publishTimeoutMs,
        })
      : undefined
  const pruner = startPruner({ pool: db.pool, retentionDays: config.retentionDays, logger })
  const { receiver } = createSlackApp({
    signingSecret: config.slack.signingSecret,
    botToken: config.slack.botToken,
    logger,
    dispatcher,
    service,
    records,
    slack,
  })

  let accepting = true
  const http = createHttpServer(
    {
      ...extraRoutes,
      'POST /slack/events': (req, res) => receiver.handle(req, res),
      ...metricsRoutes(
        broker && topology
          ? {
              queueDepth: () => broker.depth(topology.commands),
              deadLetters: () => deadLetterCount(db.pool),
              outboxRows: () => outboxCount(db.pool),
            }
          : {},
      ),
      // In queue mode a bot still accepts changes (broker) and answers reads (replica) while the database is down.
      ...healthRoutes(async () => {
        const checks = {
          accepting,
          ...(await db.ready()),
          ...(broker ? { broker: broker.isConnected() } : {}),
        }
        const serving = checks.database || broker?.isConnected() === true
        return { ready: accepting && serving, checks }
      }),
    },
    logger,
  )
  const close = async () => {
    await dispatcher.drain(config.shutdownGraceMs)
    await relay?.stop()
    await pruner.stop()
    await broker?.close(1_000)
    await db.close()
  }
  const port = await http.listen(config.port).catch(async (error) => {
    await close()
    throw error
  })
  logger.info(
    { port, mode: config.slack.mode, queue: Boolean(queue) },
    'inventory bot listening on POST /slack/events',
  )

  return {
    port,
    settled: (timeoutMs) => dispatcher.drain(timeoutMs),
    async stop() {
      accepting = false
      await http.close(config.shutdownGraceMs)
      await close()
    },
  }
}
