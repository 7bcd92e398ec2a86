import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { createLogger } from '../logger.js'

/** `npm run migrate`: applies pending migrations and exits (the compose `migrate` service runs this). */
async function main(): Promise<void> {
  loadDotenv({ quiet: true })
  const config = loadConfig(process.env)
  const logger = createLogger(config.logLevel)
  const db = await openDatabase(config, logger, { applicationName: 'inventory-migrate' })
  await db.close()
  logger.info('migrations are up to date')
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${error?.message ?? error}`)
  process.exit(1)
})
