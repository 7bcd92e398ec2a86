import type { Config } from './config.js'
import { type Core, openCore } from './core.js'
import { startPruner } from './db/retention.js'
import { metricsRoutes } from './http/metrics.js'
import { createHttpServer, healthRoutes, type Routes } from './http/server.js'
import { makeExecutor } from './inventory/execute.js'
import type { InventoryService } from './inventory/service.js'
import type { Logger } from './logger.js'
import { type Admission, createAdmission } from './queue/admission.js'
import { answerDlq, createDeadLetters } from './queue/dead-letters.js'
import type { Dispatcher } from './queue/dispatcher.js'
import { createInlineDispatcher } from './queue/inline-dispatcher.js'
import { startOutboxRelay } from './queue/outbox.js'
import { createQueueDispatcher } from './queue/queue-dispatcher.js'
import type { AlertRetryPolicy } from './slack/alert-posts.js'
import { startAlertRetries } from './slack/alert-retries.js'
import { openSlackWayIn } from './slack/way-in.js'

export interface RunningBot {
  readonly port: number
  /** What someone may do in a workspace (the playground's switcher shows it). */
  readonly access: InventoryService['access']
  /** Waits (at most `timeoutMs`) for answers and their follow-ups still in flight (alerts, App Home refreshes). */
  settled(timeoutMs: number): Promise<void>
  /** Readiness turns 503, in-flight requests and answers finish, then connections close. */
  stop(): Promise<void>
}

/**
 * `npm start`: the core → dispatcher (in-process, or RabbitMQ in queue mode,
 * with the outbox relay) → Slack app → HTTP server (`extra` routes too: the
 * playground's), the hourly pruner and the timer that retries failed alert posts.
 */
export async function startBot(
  config: Config,
  logger: Logger,
  options: { dataRoot?: string; routes?: Routes; alertRetries?: AlertRetryPolicy } = {},
): Promise<RunningBot> {
  const core = await openCore(config, logger, {
    applicationName: 'inventory-bot',
    dataRoot: options.dataRoot,
    alertRetries: options.alertRetries,
  })
  const { db, queue } = core
  const unreadable = await core.installations?.unreadable()
  if (unreadable)
    logger.error(
      { installations: unreadable },
      'installations whose tokens are sealed with a key INSTALLATION_ENCRYPTION_KEY does not list: their workspaces cannot be served (npm run installations -- list)',
    )
  // Give the broker a moment at start, so a fresh bot publishes rather than filling the outbox; never required.
  if (queue && !(await queue.broker.waitUntilConnected(5_000)))
    logger.warn('RabbitMQ is unreachable: changes go to the outbox')
  // In queue mode changes are published, never run here: the bound is never reached.
  const admission = createAdmission(config.maxChangesInFlight)
  const dispatcher = createDispatcher(config, core, logger, admission)
  const relay =
    config.queue && queue
      ? startOutboxRelay({ pool: db.pool, ...queue, logger, publishTimeoutMs: config.queue.publishTimeoutMs })
      : undefined
  const pruner = startPruner({ pool: db.pool, retentionDays: config.retentionDays, logger })
  const alertRetries = startAlertRetries({
    records: core.records,
    poster: core.slack.alerts,
    logger,
    policy: options.alertRetries,
  })
  const wayIn = openSlackWayIn(config.slack, {
    pool: db.pool,
    logger,
    dispatcher,
    service: core.service,
    records: core.records,
    slack: core.slack,
    installations: core.installations,
    slackAdmins: core.slack.slackAdmins,
  })

  let accepting = true
  const http = createHttpServer(
    {
      ...options.routes,
      ...wayIn.routes,
      ...metricsRoutes({ ...core.gauges, changesInFlight: async () => admission.inFlight }),
      // In queue mode a bot still accepts changes (broker) and answers reads (replica) while the database is down.
      // With MAX_CHANGES_IN_FLIGHT running (`capacity` false) it answers, but a balancer had better send the next one elsewhere.
      ...healthRoutes(async () => {
        const slack = wayIn.checks()
        const capacity = !admission.full
        const checks = { accepting, capacity, ...slack, ...(await core.checks()) }
        const serving = Object.values(slack).every(Boolean)
        return {
          ready: accepting && capacity && serving && (checks.database || checks.broker === true),
          checks,
        }
      }),
    },
    logger,
  )
  const close = async () => {
    await wayIn.stop()
    await dispatcher.drain(config.shutdownGraceMs)
    await Promise.all([relay?.stop(), pruner.stop(), alertRetries.stop()])
    await core.close(1_000)
  }
  // Local mode's signing secret is public (and the playground signs for anyone): it answers this machine only.
  const host = config.slack.mode === 'local' ? '127.0.0.1' : undefined
  const port = await Promise.all([http.listen(config.port, host), wayIn.started])
    .then(([listening]) => listening)
    .catch(async (error) => {
      await http.close(0)
      await close()
      throw error
    })
  logger.info(
    {
      port,
      host: host ?? 'every interface',
      mode: config.slack.mode,
      transport: config.slack.transport,
      queue: Boolean(queue),
    },
    config.slack.transport === 'socket'
      ? 'inventory bot serving Slack over Socket Mode'
      : 'inventory bot listening on POST /slack/events',
  )

  return {
    port,
    access: core.service.access,
    settled: (timeoutMs) => dispatcher.drain(timeoutMs),
    async stop() {
      accepting = false
      await http.close(config.shutdownGraceMs)
      await close()
    },
  }
}

/** In-process: the executor runs each command here. Queue mode: changes go to RabbitMQ (or the outbox); reads stay here. */
function createDispatcher(config: Config, core: Core, logger: Logger, admission: Admission): Dispatcher {
  const { db, queue } = core
  const publishTimeoutMs = config.queue?.publishTimeoutMs ?? 0
  const deadLetters = queue && createDeadLetters({ pool: db.pool, ...queue, publishTimeoutMs })
  const inline = createInlineDispatcher({
    execute: makeExecutor({
      service: core.service,
      admin: (command, action) => answerDlq(deadLetters, command, action),
      files: core.slack.files,
      logger,
    }),
    deliverer: core.slack.deliverer,
    logger,
    ackBudgetMs: config.ackBudgetMs,
    admission,
  })
  if (!queue) return inline
  return createQueueDispatcher({
    inline,
    ...queue,
    pool: db.pool,
    publishTimeoutMs,
    ackBudgetMs: config.ackBudgetMs,
    logger,
  })
}
