import amqp from 'amqplib'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { type RunningWorker, startWorker } from '../../src/start-worker.js'
import type { TestDatabase } from './database.js'
import type { LogCapture } from './logs.js'
import { TEST_OAUTH_ENV } from './oauth.js'
import { TEST_SIGNING_SECRET } from './signed.js'
import type { SlackStandIn } from './slack.js'

export const TEST_AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672'

/** Settings for queue mode with queues of this test file's own, and short retry delays. */
export function queueEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AMQP_URL: TEST_AMQP_URL,
    AMQP_PREFIX: prefix,
    RETRY_DELAYS_MS: '200,400',
    MAX_DELIVERIES: '3',
    ...extra,
  }
}

/** A unique queue prefix per test file (queues are deleted afterwards with `deleteQueues`). */
export const uniquePrefix = (name: string) =>
  `test.${name}.${process.pid}.${Math.random().toString(36).slice(2, 6)}`

/** A worker in this process (same `startWorker` as `npm run worker`). */
export async function startTestWorker(options: {
  db: TestDatabase
  slack: SlackStandIn
  env: Record<string, string>
  logs?: LogCapture
  /** OAuth installs: the worker answers with each workspace's token, from the same store as the bot. */
  oauth?: boolean
}): Promise<RunningWorker> {
  const config = loadConfig({
    PORT: '0',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    ...(options.oauth ? TEST_OAUTH_ENV : { SLACK_BOT_TOKEN: 'xoxb-test-token' }),
    SLACK_API_URL: options.slack.apiUrl,
    DATABASE_URL: options.db.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_GRACE_MS: '3000',
    ...options.env,
  })
  return startWorker(config, createLogger(config.logLevel, options.logs?.stream))
}

/** Message counts of this prefix's queues. */
export async function queueDepths(prefix: string): Promise<Record<string, number>> {
  const connection = await amqp.connect(TEST_AMQP_URL)
  try {
    const depths: Record<string, number> = {}
    for (const name of ['commands', 'dead']) {
      const channel = await connection.createChannel()
      channel.on('error', () => {})
      depths[name] = await channel.checkQueue(`${prefix}.${name}`).then(
        (q) => q.messageCount,
        () => -1,
      )
    }
    return depths
  } finally {
    await connection.close()
  }
}

/** Publishes raw bytes to a queue of this prefix (poison and duplicate jobs). */
export async function publishRaw(queue: string, content: Buffer, messageId = 'raw'): Promise<void> {
  const connection = await amqp.connect(TEST_AMQP_URL)
  try {
    const channel = await connection.createConfirmChannel()
    channel.sendToQueue(queue, content, { persistent: true, messageId })
    await channel.waitForConfirms()
  } finally {
    await connection.close()
  }
}

export async function deleteQueues(
  prefix: string,
  retryDelaysMs: readonly number[] = [200, 400],
): Promise<void> {
  const connection = await amqp.connect(TEST_AMQP_URL)
  try {
    const channel = await connection.createChannel()
    channel.on('error', () => {})
    for (const name of ['commands', 'dead', ...retryDelaysMs.map((ms) => `retry.${ms}ms`)])
      await channel.deleteQueue(`${prefix}.${name}`).catch(() => undefined)
  } finally {
    await connection.close().catch(() => undefined)
  }
}
