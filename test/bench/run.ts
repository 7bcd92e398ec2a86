import { execFileSync } from 'node:child_process'
import { cpus, freemem, totalmem } from 'node:os'
import pg from 'pg'
import { loadConfig } from '../../src/config.js'
import { withTransaction } from '../../src/db/transaction.js'
import { makeInventoryService } from '../../src/inventory/service.js'
import { createLogger } from '../../src/logger.js'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { createTemplate, databaseUrl, dropDatabase, TEST_SERVER_URL } from '../helpers/database.js'
import { buildSlashCommand } from '../helpers/payloads.js'
import { freePort, runNode, type Spawned, waitForReady } from '../helpers/processes.js'
import { deleteQueues, TEST_AMQP_URL } from '../helpers/queue.js'
import { form, postSigned, TEST_SIGNING_SECRET } from '../helpers/signed.js'
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js'

/**
 * `npm run bench`: a load generator. It starts real bot processes (and workers
 * in queue mode) against one Postgres and RabbitMQ, sends correctly signed
 * `/inventory receive` commands over HTTP at a fixed rate, and reports ack
 * latency, completion latency and throughput, then a 20× burst. As a baseline
 * it times the bare movement transaction through node-pg (no HTTP, no Slack),
 * and reports each mode's throughput as a ratio to it, since absolute rates
 * on a shared machine drift. Options: --rate N (/s), --seconds N, --bots N, --workers N.
 */

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), Number(all[i + 1])]] : [])),
) as Record<string, number>
const RATE = args.rate ?? 20
const SECONDS = args.seconds ?? 10
const BOTS = args.bots ?? 2
const WORKERS = args.workers ?? 2
const BURST = 20

interface Sample {
  ackMs: number
  /** From sending to the final answer (the ack, or the response_url post). */
  doneMs?: number
  /** When the final answer arrived (epoch ms). */
  doneAt?: number
  /** The final answer was an error (refused, unavailable, not accepted). */
  failed?: string
  ok: boolean
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : '–')

async function freshDatabase(template: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  await admin.end()
  return databaseUrl(name)
}

/** The bare movement transaction: the service's `apply`, many at once, for a few seconds. */
async function baseline(url: string, seconds: number, concurrency: number) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency })
  const service = makeInventoryService({ pool, admins: [] })
  const command = (key: string, action: object) =>
    ({ requestKey: key, requestId: key, teamId: 'TBENCH', userId: 'UBENCH', action }) as never
  await service.apply(command('base.new', { verb: 'new', sku: 'BASE', name: 'Baseline part' }))
  let done = 0
  const latencies: number[] = []
  const until = Date.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = 0; Date.now() < until; i++) {
        const started = performance.now()
        await service.apply(command(`base.${lane}.${i}`, { verb: 'receive', sku: 'BASE', quantity: 1 }))
        latencies.push(performance.now() - started)
        done += 1
      }
    }),
  )
  await withTransaction(pool, async () => undefined)
  await pool.end()
  return { perSecond: done / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

/** Sends `rate`/s signed commands for `seconds` to the bots in turn; resolves when every answer arrived (or 60 s passed). */
async function load(bots: string[], slack: SlackStandIn, rate: number, seconds: number, tag: string) {
  const samples: Sample[] = []
  const pending: Promise<void>[] = []
  const started = performance.now()
  const startedAt = Date.now()
  const total = rate * seconds
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const sent = performance.now()
    const sentAt = Date.now()
    const responseId = `${tag}-${i}`
    const body = form(
      buildSlashCommand({
        text: 'receive BENCH 1',
        trigger_id: `bench.${tag}.${i}`,
        response_url: slack.responseUrl(responseId),
      }),
    )
    pending.push(
      postSigned(bots[i % bots.length] as string, body).then(
        async (reply) => {
          const sample: Sample = { ackMs: performance.now() - sent, ok: reply.status === 200 }
          samples.push(sample)
          const text = String(reply.json?.text ?? '')
          if (!sample.ok) return
          if (text.startsWith(':warning:')) sample.failed = text
          if (text !== WORKING_ON_IT) {
            sample.doneMs = sample.ackMs
            sample.doneAt = Date.now()
            return
          }
          const [late] = await slack
            .waitFor({ kind: 'response', name: responseId }, 1, 120_000)
            .catch(() => [])
          if (late) {
            sample.doneMs = late.at - sentAt
            sample.doneAt = late.at
            if (String(late.body.text).startsWith(':warning:')) sample.failed = String(late.body.text)
          }
        },
        () => {
          samples.push({ ackMs: performance.now() - sent, ok: false })
        },
      ),
    )
  }
  await Promise.all(pending)
  const lastDone = Math.max(...samples.map((s) => s.doneAt ?? 0))
  const acks = samples.map((s) => s.ackMs)
  const done = samples.filter((s) => s.doneMs !== undefined && !s.failed).map((s) => s.doneMs as number)
  const failures = samples.filter((s) => s.failed)
  return {
    sent: total,
    acked: samples.filter((s) => s.ok).length,
    completed: done.length,
    failed: failures.length,
    firstFailure: failures[0]?.failed,
    ack: { p50: percentile(acks, 50), p99: percentile(acks, 99), max: Math.max(...acks) },
    done: { p50: percentile(done, 50), p99: percentile(done, 99), max: Math.max(...done) },
    /** Completed commands per second, from the first send to the last answer. */
    perSecond: done.length / ((lastDone - startedAt) / 1000),
  }
}

async function startProcesses(script: string, count: number, env: Record<string, string>) {
  const started: { process: Spawned; port: number }[] = []
  for (let i = 0; i < count; i++) {
    const port = await freePort()
    const process = runNode(script, [], { ...env, PORT: String(port) })
    await waitForReady(`http://127.0.0.1:${port}/readyz`, 60_000)
    started.push({ process, port })
  }
  return started
}

async function appliedCount(url: string, tag: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query('SELECT count(*)::int AS n FROM movements WHERE request_key LIKE $1', [
    `cmd:bench.${tag}.%`,
  ])
  await client.end()
  return rows[0].n
}

async function runMode(mode: 'in-process' | 'queue', template: string) {
  const db = `inventory_bench_${process.pid}_${mode.replace('-', '_')}`
  const url = await freshDatabase(template, db)
  const slack = await startSlackStandIn()
  const prefix = `bench.${process.pid}.${mode}`
  const env = {
    DATABASE_URL: url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '10',
    ...(mode === 'queue' ? { AMQP_URL: TEST_AMQP_URL, AMQP_PREFIX: prefix } : {}),
  }
  const bots = await startProcesses('dist/main.js', BOTS, env)
  const workers = mode === 'queue' ? await startProcesses('dist/worker.js', WORKERS, env) : []
  const urls = bots.map((b) => `http://127.0.0.1:${b.port}/slack/events`)
  try {
    await postSigned(
      urls[0] as string,
      form(buildSlashCommand({ text: 'new BENCH Benchmark part', response_url: slack.responseUrl('setup') })),
    )
    await slack.waitFor({ kind: 'response', name: 'setup' }, 1, 30_000).catch(() => undefined)
    const steady = await load(urls, slack, RATE, SECONDS, 'steady')
    const burst = await load(urls, slack, RATE * BURST, 10, 'burst')
    const applied = { steady: await appliedCount(url, 'steady'), burst: await appliedCount(url, 'burst') }
    return { steady, burst, applied }
  } finally {
    for (const p of [...bots, ...workers]) p.process.child.kill('SIGTERM')
    await Promise.all([...bots, ...workers].map((p) => p.process.exited))
    await slack.close()
    await dropDatabase(db)
    if (mode === 'queue')
      await deleteQueues(prefix, loadConfig({}).queue?.retryDelaysMs ?? [5000, 30000, 300000])
  }
}

function machine(): string {
  const cpu = cpus()
  const version = (cmd: string, cmdArgs: string[]) => {
    try {
      return execFileSync(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim()
        .split('\n')[0]
    } catch {
      return 'unknown'
    }
  }
  return [
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    `- Memory: ${Math.round(totalmem() / 2 ** 30)} GiB (${Math.round(freemem() / 2 ** 30)} GiB free at start)`,
    `- Node ${process.version}; ${version('psql', ['--version'])}; RabbitMQ ${version('rabbitmqctl', ['version'])}`,
    `- Everything on one machine: ${BOTS} bot process(es), ${WORKERS} worker(s) in queue mode, Postgres, RabbitMQ and the load generator share the CPUs.`,
  ].join('\n')
}

async function main() {
  createLogger('silent')
  const template = await createTemplate()
  try {
    const baseUrl = await freshDatabase(template, `inventory_bench_${process.pid}_base`)
    const base = await baseline(baseUrl, SECONDS, 10)
    await dropDatabase(`inventory_bench_${process.pid}_base`)
    const results = {
      'in-process': await runMode('in-process', template),
      queue: await runMode('queue', template),
    }
    const row = (name: string, r: Awaited<ReturnType<typeof load>>, applied: number) =>
      `| ${name} | ${r.sent} | ${r.acked} | ${applied} | ${r.failed} | ${ms(r.ack.p50)} / ${ms(r.ack.p99)} / ${ms(r.ack.max)} | ${ms(r.done.p50)} / ${ms(r.done.p99)} / ${ms(r.done.max)} | ${r.perSecond.toFixed(1)}/s (${(r.perSecond / base.perSecond).toFixed(2)}×) |`
    const verdict = (name: string, r: Awaited<ReturnType<typeof load>>, applied: number) =>
      `- ${name} burst: ${r.ack.max < 3000 ? '✓' : '✗'} all acked within 3 s (max ${ms(r.ack.max)}); ${applied === r.acked - r.failed ? '✓' : '✗'} every acknowledged command applied or answered with an error (${applied} applied, ${r.failed} errors${r.firstFailure ? `, e.g. “${r.firstFailure.slice(0, 90)}”` : ''}); ${r.sent === r.acked ? '✓' : '✗'} none lost (${r.sent} sent, ${r.acked} acked)`
    console.log(`## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

${machine()}

Baseline, the bare movement transaction through node-pg (10 concurrent, ${SECONDS} s): **${base.perSecond.toFixed(0)}/s**, p50 ${ms(base.p50)}, p99 ${ms(base.p99)}.

Steady: ${RATE} commands/s for ${SECONDS} s. Burst: ${RATE * BURST}/s (${BURST}×) for 10 s. Latencies are p50 / p99 / max.

| mode, load | sent | acked | applied | answered with an error | ack latency | completion latency | completed per second (× baseline) |
|---|---|---|---|---|---|---|---|
${row('in-process, steady', results['in-process'].steady, results['in-process'].applied.steady)}
${row('in-process, burst', results['in-process'].burst, results['in-process'].applied.burst)}
${row('queue, steady', results.queue.steady, results.queue.applied.steady)}
${row('queue, burst', results.queue.burst, results.queue.applied.burst)}

${verdict('In-process', results['in-process'].burst, results['in-process'].applied.burst)}
${verdict('Queue', results.queue.burst, results.queue.applied.burst)}
`)
  } finally {
    await dropDatabase(template)
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
