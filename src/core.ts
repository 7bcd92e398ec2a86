import type { Config } from './config.js'
import { type Database, openDatabase } from './db/database.js'
import { deadLetterCount } from './db/repositories/dead-letters.js'
import { outboxCount } from './db/repositories/outbox.js'
import { type InventoryService, makeInventoryService } from './inventory/service.js'
import type { Logger } from './logger.js'
import { type Gauges, observeRetries } from './metrics.js'
import { type Broker, connectBroker } from './queue/broker.js'
import { type Topology, topologyFor } from './queue/topology.js'
import type { AlertRetryPolicy } from './slack/alert-posts.js'
import { type DeliveryRecords, makeDeliveryRecords } from './slack/delivery-records.js'
import { createTokenCipher } from './slack/oauth/cipher.js'
import { createInstallations, type Installations } from './slack/oauth/installations.js'
import { createSlackOutbound, type SlackOutbound } from './slack/outbound.js'

/** What the bot and the worker both run on, wired once (`start-bot.ts` and `start-worker.ts` add their own parts). */
export interface Core {
  readonly db: Database
  readonly service: InventoryService
  /** What the Slack side remembers about its messages and events. */
  readonly records: DeliveryRecords
  /** Everything that talks to Slack: Web API, response_urls, the deliverer, file uploads. */
  readonly slack: SlackOutbound
  /** With OAuth installs: the installations, whose tokens every Web API call uses (the worker's too). */
  readonly installations: Installations | undefined
  /** Queue mode (AMQP_URL set): the broker, which connects and reconnects by itself, and the queues' names. */
  readonly queue: { readonly broker: Broker; readonly topology: Topology } | undefined
  /** What /metrics reads when scraped: in queue mode, queue depth, dead letters and outbox rows. */
  readonly gauges: Gauges
  /** Readiness checks: the database answers; in queue mode, the broker is connected. */
  checks(): Promise<{ readonly database: boolean; readonly broker?: boolean }>
  /** Closes the broker (letting its consumers' handlers finish, at most `brokerGraceMs`), then the database. */
  close(brokerGraceMs: number): Promise<void>
}

/**
 * config → database (migrated) → inventory service → installations (OAuth) → Slack outbound → broker.
 * The broker is not waited for: a process may start while RabbitMQ is down.
 */
export async function openCore(
  config: Config,
  logger: Logger,
  options: {
    applicationName: string
    dataRoot?: string | undefined
    /** How failed low-stock alert posts are retried (default `ALERT_RETRY_POLICY`; tests make it quick). */
    alertRetries?: AlertRetryPolicy | undefined
  },
): Promise<Core> {
  observeRetries(logger)
  const db = await openDatabase(config, logger, {
    applicationName: options.applicationName,
    ...(options.dataRoot ? { dataRoot: options.dataRoot } : {}),
  })
  const service = makeInventoryService({ pool: db.pool, replica: db.replica, admins: config.adminUsers })
  const records = makeDeliveryRecords(db.pool)
  const installations =
    config.slack.oauth &&
    createInstallations({
      pool: db.pool,
      cipher: createTokenCipher(config.encryptionKeys),
      oauth: config.slack.oauth,
      apiUrl: config.slack.apiUrl,
      httpTimeoutMs: config.slack.httpTimeoutMs,
      logger,
    })
  const slack = createSlackOutbound({
    slack: config.slack,
    admins: config.adminUsers,
    service,
    records,
    tokens: installations,
    alertRetries: options.alertRetries,
    logger,
  })
  const settings = config.queue
  const topology = settings && topologyFor(settings.prefix, settings.retryDelaysMs, settings.maxDeliveries)
  const queue = settings &&
    topology && { broker: await connectBroker({ url: settings.url, topology, logger }), topology }
  return {
    db,
    service,
    records,
    slack,
    installations,
    queue,
    gauges: queue
      ? {
          queueDepth: () => queue.broker.depth(queue.topology.commands),
          deadLetters: () => deadLetterCount(db.pool),
          outboxRows: () => outboxCount(db.pool),
        }
      : {},
    async checks() {
      return { ...(await db.ready()), ...(queue ? { broker: queue.broker.isConnected() } : {}) }
    },
    async close(brokerGraceMs) {
      await queue?.broker.close(brokerGraceMs)
      await db.close()
    },
  }
}
