import { config as loadDotenv } from 'dotenv'
import { ConfigError, LOCAL_SIGNING_SECRET, loadConfig } from './config.js'
import { createLogger } from './logger.js'
import { localPlayground } from './playground/index.js'
import { handleShutdown } from './shutdown.js'

/** `npm start`: the bot. Settings come from the environment and `.env`. */
async function main(): Promise<void> {
  loadDotenv({ quiet: true })
  const config = loadConfig(process.env)
  const logger = createLogger(config.logLevel)
  if (config.slack.mode === 'local')
    logger.warn(
      { localSigningSecret: LOCAL_SIGNING_SECRET },
      'local mode: no Slack settings, so requests are verified with the local signing secret and the playground stands in for Slack. Try `npm run say -- help`.',
    )
  // Local mode only: the browser playground, with the bot's Slack pointed at it.
  const playground = localPlayground(config, logger)
  // Signals are handled from the first moment: a stop during start-up waits for it, then drains. The
  // bot's modules (Bolt, pg, amqplib: seconds on a busy machine) load after that, so a stop while they load is clean too.
  const starting = import('./start-bot.js').then(({ startBot }) =>
    startBot(playground.config, logger, { routes: playground.routes }),
  )
  handleShutdown(logger, config.shutdownGraceMs, async () => (await starting).stop())
  const bot = await starting
  playground.showRoles(bot.access)
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message)
  else
    console.error(
      'The bot could not start:',
      error instanceof Error ? error.message : error,
      error?.cause ?? '',
    )
  process.exit(1)
})
