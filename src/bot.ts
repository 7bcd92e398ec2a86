import type { Config } from './config.js'
import { openDatabase } from './db/database.js'
import { createHttpServer, healthRoutes } from './http/server.js'
import { makeInventoryService } from './inventory/service.js'
import type { Logger } from './logger.js'
import { createInlineDispatcher } from './queue/dispatcher.js'
import { createSlackApp } from './slack/app.js'
import { createResponder } from './slack/responder.js'
import { createSlackApi } from './slack/webapi.js'

export interface RunningBot {
  readonly port: number
  /** Readiness turns 503, in-flight requests and answers finish, then connections close. */
  stop(): Promise<void>
}

/** Wires the bot: database → service → dispatcher → Slack app → HTTP server. */
export async function startBot(
  config: Config,
  logger: Logger,
  options: { dataRoot?: string } = {},
): Promise<RunningBot> {
  const db = await openDatabase(config, logger, { applicationName: 'inventory-bot', ...options })
  const api = createSlackApi(config.slack, logger)
  const responder = createResponder({ api, logger, httpTimeoutMs: config.slack.httpTimeoutMs })
  const service = makeInventoryService({ pool: db.pool, admins: config.adminUsers })
  const dispatcher = createInlineDispatcher({ service, responder, logger, ackBudgetMs: config.ackBudgetMs })
  const { receiver } = createSlackApp({
    signingSecret: config.slack.signingSecret,
    botToken: config.slack.botToken,
    api,
    logger,
    dispatcher,
    responder,
  })

  let accepting = true
  const http = createHttpServer(
    {
      'POST /slack/events': (req, res) => receiver.handle(req, res),
      ...healthRoutes(async () => ({ accepting, ...(await db.ready()) })),
    },
    logger,
  )
  const port = await http.listen(config.port).catch(async (error) => {
    await db.close()
    throw error
  })
  logger.info({ port, mode: config.slack.mode }, 'inventory bot listening on POST /slack/events')

  return {
    port,
    async stop() {
      accepting = false
      await http.close(config.shutdownGraceMs)
      await dispatcher.drain(config.shutdownGraceMs)
      await db.close()
    },
  }
}
