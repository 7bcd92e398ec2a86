import client from 'prom-client'
import type { Outcome } from './inventory/results.js'
import type { Logger } from './logger.js'
import { onRetry } from './resilience/retry.js'
import type { Dependency } from './resilience/transient.js'

/**
 * Prometheus metrics of the bot and the worker (served at GET /metrics by
 * `http/metrics.ts`). Counters only count: nothing here changes an answer.
 */
export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry, prefix: 'inventory_process_' })

const commands = new client.Counter({
  name: 'inventory_commands_total',
  help: 'Commands by verb and outcome (ok, refused, error, queued, not_accepted, busy).',
  labelNames: ['verb', 'outcome'] as const,
  registers: [registry],
})

const ackLatency = new client.Histogram({
  name: 'inventory_ack_latency_seconds',
  help: 'Time from receiving a Slack request to acknowledging it (Slack allows 3 s).',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5],
  registers: [registry],
})

const retries = new client.Counter({
  name: 'inventory_retries_total',
  help: 'Call-level retries by dependency (postgres, slack, rabbitmq).',
  labelNames: ['dependency'] as const,
  registers: [registry],
})

const fallbacks = new client.Counter({
  name: 'inventory_fallbacks_total',
  help: 'Fallbacks taken: replica_read, outbox, slack_web_api, response_url.',
  labelNames: ['kind'] as const,
  registers: [registry],
})

const alertPosts = new client.Counter({
  name: 'inventory_alert_posts_total',
  help: 'Low-stock alert posts by outcome (posted, not_in_channel, failed, gave_up).',
  labelNames: ['outcome'] as const,
  registers: [registry],
})

export type Fallback = 'replica_read' | 'outbox' | 'slack_web_api' | 'response_url'

/** `busy`: a change refused at once because in-process mode had MAX_CHANGES_IN_FLIGHT running (nothing was run). */
export const countCommand = (
  verb: string,
  outcome: 'ok' | 'refused' | 'error' | 'queued' | 'not_accepted' | 'busy',
) => commands.inc({ verb, outcome })
/** How an outcome is counted: refused by the rules, or an error of ours or of a dependency. */
export const outcomeLabel = (outcome: Outcome) =>
  outcome.ok ? 'ok' : outcome.code === 'UNAVAILABLE' || outcome.code === 'INTERNAL' ? 'error' : 'refused'
export const observeAck = (seconds: number) => ackLatency.observe(seconds)
export const countRetry = (dependency: Dependency) => retries.inc({ dependency })
export const countFallback = (kind: Fallback) => fallbacks.inc({ kind })
export const countAlertPost = (outcome: 'posted' | 'not_in_channel' | 'failed' | 'gave_up') =>
  alertPosts.inc({ outcome })

/** Counts every call-level retry and logs it (debug): installed once per process by its composition root. */
export function observeRetries(logger: Logger): void {
  onRetry(({ dependency, attempt, reason, delayMs }) => {
    countRetry(dependency)
    logger.debug({ dependency, attempt, reason, delayMs }, 'retrying a transient failure')
  })
}

/** Gauges read when scraped: queue depth, dead letters waiting, outbox rows, changes in flight (each optional). */
export interface Gauges {
  readonly queueDepth?: () => Promise<number>
  readonly deadLetters?: () => Promise<number>
  readonly outboxRows?: () => Promise<number>
  readonly changesInFlight?: () => Promise<number>
}

const gaugeOf = (name: string, help: string) => new client.Gauge({ name, help, registers: [registry] })
const queueDepth = gaugeOf('inventory_queue_depth', 'Jobs waiting in the commands queue.')
const deadLetters = gaugeOf('inventory_dead_letters', 'Dead letters waiting for an operator.')
const outboxRows = gaugeOf(
  'inventory_outbox_rows',
  'Commands kept in the outbox while RabbitMQ was unreachable.',
)
const changesInFlight = gaugeOf(
  'inventory_changes_in_flight',
  'Changes a bot is applying in-process now (at most MAX_CHANGES_IN_FLIGHT; none in queue mode).',
)

/** Every metric as Prometheus text, the gauges read now (a source that fails reads as NaN). */
export async function metricsText(gauges: Gauges): Promise<{ text: string; contentType: string }> {
  const read = async (gauge: client.Gauge, source?: () => Promise<number>) => {
    if (source) gauge.set(await source().catch(() => Number.NaN))
  }
  await Promise.all([
    read(queueDepth, gauges.queueDepth),
    read(deadLetters, gauges.deadLetters),
    read(outboxRows, gauges.outboxRows),
    read(changesInFlight, gauges.changesInFlight),
  ])
  return { text: await registry.metrics(), contentType: registry.contentType }
}
