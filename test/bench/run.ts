import { execFileSync } from 'node:child_process'
import { readdir, rm } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import pg from 'pg'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { createTemplate, databaseUrl, dropDatabase, TEST_SERVER_URL } from '../helpers/database.js'
import { freePort, runNode, type Spawned, waitForReady } from '../helpers/processes.js'
import { deleteQueues, TEST_AMQP_URL } from '../helpers/queue.js'
import { TEST_SIGNING_SECRET } from '../helpers/signed.js'
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js'
import { backendsOf, groupsCpu, measureCpu, pidsNamed } from './cpu.js'
import { closedLoop, type LoadResult, openLoop, send, type Target } from './load.js'
import { type PgbenchResult, pgbench, preparePgbench } from './pgbench.js'
import { summariseProfile } from './profile.js'

/**
 * `npm run bench`: the bot against the database's own speed, side by side in
 * one window on one PostgreSQL server.
 *
 * 1. pgbench runs the minimal movement transaction (`pgbench/movement.sql`):
 *    10,000 random SKUs, then one hot SKU; 8 clients, extended protocol.
 * 2. One bot, in-process mode, a child process from the built output, loaded
 *    over signed HTTP by 16 clients in a closed loop, 500 SKUs: `issue` of a
 *    random SKU, `issue` of one hot SKU, `stock` of a random SKU. Its CPU time
 *    per command is read from /proc. Then an open loop at half the random
 *    rate measures the ack latency short of saturation.
 * 3. Queue mode: commands are accepted by a bot while no worker runs, then two
 *    workers drain them; their rate (from the ledger's timestamps) is compared
 *    to the in-process rate.
 * 4. pgbench again, so drift over the window shows.
 *
 * Between 1 and 2, the plain Bolt + pg app (`plain-app.ts`) is loaded as the
 * bot is, random and hot, for comparison.
 *
 * Options: --seconds N (10), --clients N (16), --skus N (500), --queued N (3000),
 * --profile (write the in-process bot's CPU profile and summarise it).
 */

const flags = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = flags.indexOf(`--${name}`)
  return i >= 0 ? Number(flags[i + 1]) : fallback
}
const SECONDS = option('seconds', 10)
const CLIENTS = option('clients', 16)
const SKUS = option('skus', 500)
const QUEUED = option('queued', 3000)
const WARMUP_SECONDS = 2
const PROFILE = flags.includes('--profile')
const PROFILE_DIR = `${process.cwd()}/.bench/profiles`
/** Node flags that write a CPU profile of a process (under `name`) when it exits. */
const profiled = (name: string) => (PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}/${name}`] : [])

const sku = (n: number) => `SKU${String(n).padStart(4, '0')}`
const randomSku = () => sku(Math.floor(Math.random() * SKUS))

async function freshDatabase(name: string, template?: string): Promise<string> {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`)
  await admin.end()
  return databaseUrl(name)
}

async function count(url: string, sql: string, values: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return Number((await client.query(sql, values)).rows[0]?.n ?? 0)
  } finally {
    await client.end()
  }
}

async function startProcess(script: string, env: Record<string, string>, nodeFlags: string[] = []) {
  const port = await freePort()
  const process = runNode(script, [], { ...env, PORT: String(port) }, nodeFlags)
  await waitForReady(`http://127.0.0.1:${port}/readyz`, 60_000)
  return { process, port }
}

async function stop(processes: { process: Spawned }[]) {
  for (const p of processes) p.process.child.kill('SIGTERM')
  await Promise.all(processes.map((p) => p.process.exited))
}

/** Sends `commands` with `CLIENTS` at a time; throws unless each got an answer of the expected kind. */
async function sendAll(target: Target, commands: string[], keyPrefix: string) {
  let next = 0
  const replies: string[] = []
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < commands.length; i = next++)
        replies.push((await send(target, commands[i] as string, `${keyPrefix}.${i}`)).reply)
    }),
  )
  const failed = replies.filter((r) => r === 'failed' || r === 'refused')
  if (failed.length) throw new Error(`${failed.length} set-up commands failed (${keyPrefix})`)
  return replies
}

/** 500 items with plenty of stock, and HOT with more than any run can issue. */
function setupCommands(): string[] {
  const skus = Array.from({ length: SKUS }, (_, i) => sku(i))
  return [
    ...skus.map((s) => `new ${s} Bench part ${s}`),
    'new HOT Hot part',
    ...skus.map((s) => `receive ${s} 1000000`),
    'receive HOT 1000000000',
  ]
}

function botEnv(url: string, slack: SlackStandIn, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'warn',
    // Every client's change admitted (the default bound is half the pool): the bench measures throughput, not "busy".
    DB_POOL_SIZE: String(2 * CLIENTS),
    ...extra,
  }
}

interface Measured {
  readonly load: LoadResult
  readonly botCpuMs: number
  readonly postgresCpuMs: number
  readonly machineBusy: number
}

async function measured(
  pid: number,
  database: { url: string; name: string },
  target: Target,
  command: () => string,
): Promise<Measured> {
  await closedLoop(target, command, { clients: CLIENTS, seconds: WARMUP_SECONDS, warmupSeconds: 0 })
  const { result, botMs, postgresMs, machineBusy } = await measureCpu(pid, database, () =>
    closedLoop(target, command, { clients: CLIENTS, seconds: SECONDS, warmupSeconds: 0 }),
  )
  return {
    load: result,
    botCpuMs: botMs / result.sent,
    postgresCpuMs: postgresMs / result.sent,
    machineBusy,
  }
}

async function inProcess(template: string) {
  const name = `inventory_bench_${process.pid}_inprocess`
  const url = await freshDatabase(name, template)
  const slack = await startSlackStandIn()
  const target = { url: '', responseUrl: (key: string) => slack.responseUrl(key) }
  const bot = await startProcess('dist/main.js', botEnv(url, slack), profiled('bot'))
  Object.assign(target, { url: `http://127.0.0.1:${bot.port}/slack/events` })
  const pid = bot.process.child.pid as number
  try {
    await sendAll(target, setupCommands(), 'setup')
    const database = { url, name }
    const random = await measured(pid, database, target, () => `issue ${randomSku()} 1`)
    const hot = await measured(pid, database, target, () => 'issue HOT 1')
    const stock = await measured(pid, database, target, () => `stock ${randomSku()}`)
    const halfRate = Math.max(1, Math.round(random.load.perSecond / 2))
    const half = await openLoop(target, () => `issue ${randomSku()} 1`, { rate: halfRate, seconds: SECONDS })
    return { random, hot, stock, half, halfRate }
  } finally {
    await stop([bot])
    await slack.close()
    await dropDatabase(name)
  }
}

/** The plain Bolt + pg app (`plain-app.ts`) on pgbench's tables: random and hot `issue`. */
async function plainApp(database: { url: string; name: string }) {
  const app = await startProcess('.bench/test/bench/plain-app.js', {
    DATABASE_URL: database.url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  })
  const target = {
    url: `http://127.0.0.1:${app.port}/slack/events`,
    responseUrl: () => 'http://127.0.0.1:9/',
  }
  const pid = app.process.child.pid as number
  try {
    return {
      random: await measured(pid, database, target, () => `issue ${randomSku()} 1`),
      hot: await measured(pid, database, target, () => 'issue HOT 1'),
    }
  } finally {
    await stop([app])
  }
}

/** Commands accepted while no worker runs, then drained by two workers. */
async function queueDrain(template: string) {
  const name = `inventory_bench_${process.pid}_queue`
  const url = await freshDatabase(name, template)
  const slack = await startSlackStandIn()
  const prefix = `bench.${process.pid}`
  const env = botEnv(url, slack, { AMQP_URL: TEST_AMQP_URL, AMQP_PREFIX: prefix })
  const responseUrl = (key: string) => slack.responseUrl(key)
  // Set up in-process (queued, a receipt could be applied before its item's creation).
  const setup = await startProcess('dist/main.js', botEnv(url, slack))
  await sendAll({ url: `http://127.0.0.1:${setup.port}/slack/events`, responseUrl }, setupCommands(), 'setup')
  await stop([setup])
  const bot = await startProcess('dist/main.js', env)
  const target = { url: `http://127.0.0.1:${bot.port}/slack/events`, responseUrl }
  let workers: { process: Spawned; port: number }[] = []
  try {
    const commands = Array.from({ length: QUEUED }, () => `issue ${randomSku()} 1`)
    const accepted = (await sendAll(target, commands, 'fill')).filter((r) => r === 'working').length
    workers = await Promise.all([
      startProcess('dist/worker.js', env, profiled('worker')),
      startProcess('dist/worker.js', env),
    ])
    const applied = () =>
      count(url, "SELECT count(*) AS n FROM movements WHERE request_key LIKE 'cmd:bench.fill.%'")
    const drain = await groupsCpu(
      {
        workers: async () => workers.map((w) => w.process.child.pid as number),
        rabbitmq: () => pidsNamed('beam.smp'),
        postgres: () => backendsOf(url, name),
      },
      async () => {
        for (let i = 0; i < 1200 && (await applied()) < accepted; i++)
          await new Promise((resolve) => setTimeout(resolve, 100))
      },
    )
    const spanMs = await count(
      url,
      `SELECT extract(epoch FROM max(created_at) - min(created_at)) * 1000 AS n
       FROM movements WHERE request_key LIKE 'cmd:bench.fill.%'`,
    )
    const done = await applied()
    const perJob = (ms = 0) => ms / Math.max(1, done)
    return {
      accepted,
      applied: done,
      perSecond: (done - 1) / (spanMs / 1000),
      cpu: {
        workers: perJob(drain.cpuMs.workers),
        rabbitmq: perJob(drain.cpuMs.rabbitmq),
        postgres: perJob(drain.cpuMs.postgres),
        machineBusy: drain.machineBusy,
      },
    }
  } finally {
    await stop([bot, ...workers])
    await slack.close()
    await dropDatabase(name)
    await deleteQueues(prefix, loadConfig({}).queue?.retryDelaysMs ?? [5000, 30000, 300000])
  }
}

function machine(): string {
  const version = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim()
        .split('\n')[0]
    } catch {
      return 'unknown'
    }
  }
  const cpu = cpus()
  return [
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; memory ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `- Node ${process.version}; ${version('psql', ['--version'])}; RabbitMQ ${version('rabbitmqctl', ['version'])}`,
    '- Everything on one machine: the bot, the workers, PostgreSQL, RabbitMQ, pgbench and the load generator share the CPUs.',
  ].join('\n')
}

const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : '–')
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')

function report(
  pgRuns: { random: PgbenchResult; hot: PgbenchResult }[],
  plain: Awaited<ReturnType<typeof plainApp>>,
  bot: Awaited<ReturnType<typeof inProcess>>,
  queue: Awaited<ReturnType<typeof queueDrain>>,
  loads: { start: string; end: string },
): string {
  const mean = (pick: (r: (typeof pgRuns)[number]) => number) =>
    pgRuns.reduce((sum, r) => sum + pick(r), 0) / pgRuns.length
  const pgRandom = mean((r) => r.random.tps)
  const pgHot = mean((r) => r.hot.tps)
  /** What the replies that applied nothing were, when there were any. */
  const unapplied = (r: LoadResult['replies']) => {
    const parts = (
      [
        [r.refused, 'refused'],
        [r.working, '"working on it"'],
        [r.answered, 'other answers'],
        [r.failed, 'no 200'],
      ] as [number, string][]
    ).filter(([n]) => n > 0)
    return parts.length === 0 ? '' : `; the rest: ${parts.map(([n, what]) => `${n} ${what}`).join(', ')}`
  }
  const row = (label: string, m: Measured, reference: number, target?: string) => {
    const r = m.load
    const notApplied = r.replies.refused + r.replies.working + r.replies.failed
    return `| ${label} | ${r.perSecond.toFixed(0)}/s | **${ratio(r.perSecond, reference)}**${target ? ` (target ${target})` : ''} | ${ms(r.p50)} / ${ms(r.p99)} | ${m.botCpuMs.toFixed(2)} ms | ${m.postgresCpuMs.toFixed(2)} ms | ${Math.round(100 * m.machineBusy)}% | ${notApplied} |`
  }
  return `## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

${machine()}
- Load average (1, 5, 15 min) at start: ${loads.start}; at the end: ${loads.end}

pgbench, the minimal movement transaction, 8 clients, extended protocol, ${SECONDS} s each, before and after the bot:
random over 10,000 SKUs ${pgRuns.map((r) => `${r.random.tps.toFixed(0)} tps`).join(' / ')} (mean **${pgRandom.toFixed(0)}**);
one hot SKU ${pgRuns.map((r) => `${r.hot.tps.toFixed(0)} tps`).join(' / ')} (mean **${pgHot.toFixed(0)}**).

The bot: one instance, in-process mode, signed HTTP, ${CLIENTS} clients in a closed loop, ${SKUS} SKUs, ${SECONDS} s each after ${WARMUP_SECONDS} s of warm-up. CPU is per command: the bot's process, and the PostgreSQL backends serving its database. The plain Bolt + pg app (\`test/bench/plain-app.ts\`) runs pgbench's movement transaction in four round trips before its ack, on pgbench's tables, under the same load: what a command that changes stock costs with none of the bot's guarantees.

| run | rate | × pgbench | p50 / p99 | bot CPU | Postgres CPU | machine busy | not applied |
|---|---|---|---|---|---|---|---|
${row('`issue SKU 1`, random SKU', bot.random, pgRandom, '≥ 0.6×')}
${row('`issue HOT 1`, one SKU', bot.hot, pgHot, '≥ 1.0×')}
${row('`stock SKU`, random SKU', bot.stock, pgRandom, '≥ 0.7×')}
${row('plain Bolt + pg app, random SKU', plain.random, pgRandom)}
${row('plain Bolt + pg app, one SKU', plain.hot, pgHot)}

- Ack latency at half the saturating rate (open loop, ${bot.halfRate}/s of random \`issue\` for ${SECONDS} s): p50 ${ms(bot.half.p50)}, **p99 ${ms(bot.half.p99)}** (target ≤ 50 ms); ${bot.half.replies.applied} of ${bot.half.sent} applied${unapplied(bot.half.replies)}.
- Queue mode: ${queue.accepted} random \`issue\`s accepted with no worker running, then two workers drained them at **${queue.perSecond.toFixed(0)}/s = ${ratio(queue.perSecond, bot.random.load.perSecond)}** the in-process rate (target ≥ 0.8×); ${queue.applied} applied${queue.applied === queue.accepted ? ', none lost' : ` — ${queue.accepted - queue.applied} missing`}. CPU per job: workers ${queue.cpu.workers.toFixed(2)} ms, RabbitMQ ${queue.cpu.rabbitmq.toFixed(2)} ms, Postgres ${queue.cpu.postgres.toFixed(2)} ms; machine ${Math.round(100 * queue.cpu.machineBusy)}% busy.
`
}

async function main() {
  createLogger('silent')
  const start = load()
  const template = await createTemplate()
  const pgName = `inventory_bench_${process.pid}_pgbench`
  try {
    const pgUrl = await freshDatabase(pgName)
    await preparePgbench(pgUrl)
    const pgRun = async () => ({
      random: await pgbench(pgUrl, 10_000, SECONDS),
      hot: await pgbench(pgUrl, 1, SECONDS),
    })
    const before = await pgRun()
    const plain = await plainApp({ url: pgUrl, name: pgName })
    const bot = await inProcess(template)
    const queue = await queueDrain(template)
    const after = await pgRun()
    console.log(report([before, after], plain, bot, queue, { start, end: load() }))
    if (PROFILE)
      for (const [name, title] of [
        ['bot', 'the in-process bot'],
        ['worker', 'a worker draining the queue'],
      ]) {
        const [file] = await readdir(`${PROFILE_DIR}/${name}`).catch(() => [])
        if (!file) continue
        console.log(`### Profile of ${title} (${PROFILE_DIR}/${name}/${file})\n`)
        console.log(`${await summariseProfile(`${PROFILE_DIR}/${name}/${file}`)}\n`)
      }
  } finally {
    await dropDatabase(pgName)
    await dropDatabase(template)
  }
}

if (PROFILE) await rm(PROFILE_DIR, { recursive: true, force: true })
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
