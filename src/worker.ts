import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from './config.js'
import { createLogger } from './logger.js'
import { handleShutdown } from './shutdown.js'

/** `npm run worker`: applies queued commands (queue mode, AMQP_URL set). */
async function main(): Promise<void> {
  loadDotenv({ quiet: true })
  const config = loadConfig(process.env)
  const logger = createLogger(config.logLevel).child({ process: 'worker' })
  // Signals are handled from the first moment: a stop during start-up waits for it, then drains. The
  // worker's modules (pg, amqplib, Slack's Web API: seconds on a busy machine) load after that, so a stop while they load is clean too.
  const starting = import('./start-worker.js').then(({ startWorker }) => startWorker(config, logger))
  handleShutdown(logger, config.shutdownGraceMs, async () => (await starting).stop())
  await starting
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message)
  else console.error('The worker could not start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
