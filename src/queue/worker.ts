import type { Config } from '../config.js'
import { openDatabase } from '../db/database.js'
import { deadLetterCount } from '../db/repositories/dead-letters.js'
import { metricsRoutes } from '../http/metrics.js'
import { allOf, createHttpServer, healthRoutes } from '../http/server.js'
import { makeInventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { observeRetries } from '../metrics.js'
import { makeDeliveryRecords } from '../slack/delivery-records.js'
import { createSlackOutbound } from '../slack/outbound.js'
import { connectBroker } from './broker.js'
import { createJobHandler } from './consumer.js'
import { createDeadLetterRecorder } from './dead-letter-recorder.js'
import { topologyFor } from './topology.js'

export interface RunningWorker {
  readonly port: number
  /** Cancels its consumers, finishes the jobs in hand, closes the broker and the pool. */
  stop(): Promise<void>
}

/** Wires a worker: database → service → RabbitMQ consumers (jobs, dead letters) → health endpoints. */
export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const queue = config.queue
  if (!queue) throw new Error('a worker needs AMQP_URL (queue mode)')
  observeRetries(logger)
  const db = await openDatabase(config, logger, { applicationName: 'inventory-worker' })
  const service = makeInventoryService({ pool: db.pool, admins: config.adminUsers })
  const { deliverer } = createSlackOutbound({
    slack: config.slack,
    admins: config.adminUsers,
    service,
    records: makeDeliveryRecords(db.pool),
    logger,
  })
  const topology = topologyFor(queue.prefix, queue.retryDelaysMs, queue.maxDeliveries)
  const broker = await connectBroker({ url: queue.url, topology, logger })
  broker.consume({
    queue: topology.commands,
    prefetch: queue.prefetch,
    handler: createJobHandler({
      service,
      deliverer,
      broker,
      topology,
      publishTimeoutMs: queue.publishTimeoutMs,
      logger,
    }),
  })
  broker.consume({
    queue: topology.dead,
    prefetch: 1,
    handler: createDeadLetterRecorder({ pool: db.pool, deliverer, logger }),
  })

  let accepting = true
  const http = createHttpServer(
    {
      ...healthRoutes(async () => allOf({ accepting, broker: broker.isConnected(), ...(await db.ready()) })),
      ...metricsRoutes({
        queueDepth: () => broker.depth(topology.commands),
        deadLetters: () => deadLetterCount(db.pool),
      }),
    },
    logger,
  )
  const port = await http.listen(config.port)
  logger.info({ port, queue: topology.commands }, 'worker consuming')
  return {
    port,
    async stop() {
      accepting = false
      await broker.close(config.shutdownGraceMs)
      await http.close(1_000)
      await db.close()
    },
  }
}
