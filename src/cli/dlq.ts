import { userInfo } from 'node:os'
import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { AppError } from '../errors.js'
import { createLogger } from '../logger.js'
import { type Broker, connectBroker } from '../queue/broker.js'
import { createDeadLetters } from '../queue/dead-letters.js'
import { topologyFor } from '../queue/topology.js'
import { adminText, deadLetterLine, errorText, NO_DEAD_LETTERS } from '../slack/wording/index.js'

const USAGE = 'usage: npm run dlq -- list | show ID | replay ID | drop ID'

/**
 * `npm run dlq -- list|show ID|replay ID|drop ID`: the operators' tool for
 * dead letters, across workspaces. Exit status 0 on success, 1 with a message otherwise.
 */
async function main(args: string[]): Promise<number> {
  loadDotenv({ quiet: true })
  const [op = 'list', rawId] = args
  const id = Number(rawId)
  if (
    !['list', 'show', 'replay', 'drop'].includes(op) ||
    (op !== 'list' && !(Number.isSafeInteger(id) && id > 0))
  ) {
    console.error(USAGE)
    return 1
  }
  const config = loadConfig(process.env)
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn')
  const db = await openDatabase(config, logger, { applicationName: 'inventory-dlq' })
  let broker: Broker | undefined
  try {
    const queue = config.queue
    const topology = queue && topologyFor(queue.prefix, queue.retryDelaysMs, queue.maxDeliveries)
    if (op === 'replay' && queue && topology) {
      broker = await connectBroker({ url: queue.url, topology, logger })
      if (!(await broker.waitUntilConnected(10_000)))
        throw new Error('RabbitMQ is unreachable: nothing was replayed')
    }
    const deadLetters = createDeadLetters({
      pool: db.pool,
      broker,
      topology,
      publishTimeoutMs: queue?.publishTimeoutMs ?? 1_000,
    })
    const by = `cli:${userInfo().username}`
    const now = Date.now()
    if (op === 'list') {
      const letters = await deadLetters.list()
      for (const letter of letters) console.log(deadLetterLine(letter, now))
      if (!letters.length) console.log(NO_DEAD_LETTERS)
    }
    if (op === 'show')
      console.log(adminText({ kind: 'dead-letter', letter: await deadLetters.show(id) }, now))
    if (op === 'replay')
      console.log(adminText({ kind: 'dead-letter-resolved', letter: await deadLetters.replay(id, by) }, now))
    if (op === 'drop')
      console.log(adminText({ kind: 'dead-letter-resolved', letter: await deadLetters.drop(id, by) }, now))
    return 0
  } finally {
    await broker?.close(1_000)
    await db.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof ConfigError) console.error(error.message)
    else if (error instanceof AppError)
      console.error(errorText(error.code, error.details).replace(/^:warning: /, ''))
    else console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  },
)
