import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { pruneExpired } from '../db/retention.js'
import { createLogger } from '../logger.js'

/**
 * `npm run prune`: prunes request keys, handled event ids and confirmations
 * older than RETENTION_DAYS now, as the bots do every hour, and prints what
 * went. Exit status 0 (also when another instance is pruning at that moment), 1 on failure.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true })
  const config = loadConfig(process.env)
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn')
  const db = await openDatabase(config, logger, { applicationName: 'inventory-prune' })
  try {
    const report = await pruneExpired(db.pool, { retentionDays: config.retentionDays })
    if (report === 'busy') {
      console.log('Another instance is pruning right now; nothing was done here.')
      return
    }
    console.log(`Pruned rows older than ${config.retentionDays} days:`)
    for (const [table, rows] of Object.entries(report)) console.log(`  ${table}: ${rows}`)
  } finally {
    await db.close()
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Pruning failed: ${error?.message ?? error}`)
  process.exit(1)
})
