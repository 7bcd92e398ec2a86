import type { Config } from './config.js'
import { openCore } from './core.js'
import { metricsRoutes } from './http/metrics.js'
import { allOf, createHttpServer, healthRoutes } from './http/server.js'
import type { Logger } from './logger.js'
import { createJobHandler } from './queue/consumer.js'
import { createDeadLetterRecorder } from './queue/dead-letter-recorder.js'

export interface RunningWorker {
  readonly port: number
  /** Cancels its consumers, finishes the jobs in hand, closes the broker and the pool. */
  stop(): Promise<void>
}

/** `npm run worker`: the core → RabbitMQ consumers (jobs, dead letters) → HTTP server (health, metrics). */
export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const settings = config.queue
  if (!settings) throw new Error('a worker needs AMQP_URL (queue mode)')
  const core = await openCore(config, logger, { applicationName: 'inventory-worker' })
  const { broker, topology } = core.queue as NonNullable<typeof core.queue> // AMQP_URL is set
  broker.consume({
    queue: topology.commands,
    prefetch: settings.prefetch,
    handler: createJobHandler({
      service: core.service,
      deliverer: core.slack.deliverer,
      broker,
      topology,
      publishTimeoutMs: settings.publishTimeoutMs,
      logger,
    }),
  })
  broker.consume({
    queue: topology.dead,
    prefetch: 1,
    handler: createDeadLetterRecorder({ pool: core.db.pool, deliverer: core.slack.deliverer, logger }),
  })

  let accepting = true
  const http = createHttpServer(
    {
      ...healthRoutes(async () => allOf({ accepting, ...(await core.checks()) })),
      ...metricsRoutes(core.gauges),
    },
    logger,
  )
  const port = await http.listen(config.port).catch(async (error) => {
    await core.close(1_000)
    throw error
  })
  logger.info({ port, queue: topology.commands }, 'worker consuming')
  return {
    port,
    async stop() {
      accepting = false
      await core.close(config.shutdownGraceMs)
      await http.close(1_000)
    },
  }
}
