import { execFile } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { promisify } from 'node:util'
import pg from 'pg'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { createTemplate, databaseUrl, dropDatabase, TEST_SERVER_URL } from '../helpers/database.js'
import { buildSlashCommand } from '../helpers/payloads.js'
import { freePort, runNode, type Spawned, waitForReady } from '../helpers/processes.js'
import { deleteQueues, TEST_AMQP_URL } from '../helpers/queue.js'
import { form, postSigned, TEST_SIGNING_SECRET } from '../helpers/signed.js'
import { startSlackStandIn } from '../helpers/slack.js'

/**
 * `npm run soak` (not part of `npm test`): queue mode under faults, end to end.
 * Real processes from the built output — a bot and two workers — against one
 * PostgreSQL and the machine's RabbitMQ. It streams signed `/inventory`
 * changes (receive, issue, move over three items) at a steady rate while a
 * worker is killed with SIGKILL at random moments (drawn up front, all inside
 * the stream) and the broker is stopped and started (`rabbitmqctl stop_app` /
 * `start_app`, one second apart) at one and two thirds of the stream; then
 * waits for everything acknowledged to be applied and reports sent, acked,
 * applied, dead-lettered, lost and applied twice, what every other answer was
 * (and whether those commands were applied), and whether on hand = Σ ledger
 * everywhere. Exits 1 if anything acknowledged was lost or applied twice, if
 * a command answered "nothing was accepted" was applied, or if the ledger does not add up.
 *
 * The broker is the machine's own, shared with other test runs: it is
 * restarted only here, never in `npm test`, and for as short as it takes.
 *
 * Options: --commands N (10000), --rate N per second (40), --kills N (100),
 * --restarts N (2), --workers N (2).
 */
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), Number(all[i + 1])]] : [])),
) as Record<string, number>
const COMMANDS = args.commands ?? 10_000
const RATE = args.rate ?? 40
const KILLS = args.kills ?? 100
const RESTARTS = args.restarts ?? 2
const WORKERS = args.workers ?? 2
/** How long the broker stays down at each restart. */
const BROKER_DOWN_MS = 1_000
const SKUS = ['SOAK-A', 'SOAK-B', 'SOAK-C'] as const

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (message: string) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`)

/** The i-th command of the stream: mostly receipts and issues, some moves, never short of stock. */
function commandText(i: number): string {
  const sku = SKUS[i % SKUS.length]
  switch (i % 5) {
    case 0:
    case 1:
      return `receive ${sku} 2 at main`
    case 2:
    case 3:
      return `issue ${sku} 1 from main`
    default:
      return i % 2 ? `move ${sku} 1 from main to shelf` : `move ${sku} 1 from shelf to main`
  }
}

/** Runs `rabbitmqctl` without blocking the event loop (the stream and the kills go on meanwhile). */
async function rabbitmqctl(...command: string[]): Promise<number> {
  const started = Date.now()
  await promisify(execFile)('rabbitmqctl', command, { timeout: 60_000 })
  return Date.now() - started
}

async function main(): Promise<number> {
  const template = await createTemplate()
  const name = `inventory_soak_${process.pid}`
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  await admin.end()
  const url = databaseUrl(name)
  const db = new pg.Pool({ connectionString: url, max: 2 })
  const slack = await startSlackStandIn()
  const prefix = `soak.${process.pid}`
  const retryDelaysMs = [1_000, 5_000]
  const env = {
    DATABASE_URL: url,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-soak',
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'warn',
    AMQP_URL: TEST_AMQP_URL,
    AMQP_PREFIX: prefix,
    RETRY_DELAYS_MS: retryDelaysMs.join(','),
    MAX_DELIVERIES: '10',
    WORKER_PREFETCH: '10',
  }
  const botPort = await freePort()
  const bot = runNode('dist/main.js', [], { ...env, PORT: String(botPort) })
  const events = `http://127.0.0.1:${botPort}/slack/events`
  const workers: Spawned[] = []
  // Whatever happens, the shared broker is not left stopped.
  let brokerDown = false
  const startWorker = () => {
    const worker = runNode('dist/worker.js', [], { ...env, PORT: '0' })
    workers.push(worker)
    return worker
  }
  let fleet = Array.from({ length: WORKERS }, startWorker)

  /** Sends one command; its ack as a category: accepted, an error's first words, empty, or the HTTP failure. */
  const send = async (text: string, trigger: string) => {
    const started = performance.now()
    const reply = await postSigned(
      events,
      form(
        buildSlashCommand({
          text,
          trigger_id: trigger,
          user_id: 'USOAK',
          response_url: slack.responseUrl(trigger),
        }),
      ),
      { timeoutMs: 10_000 },
    ).catch((error: Error) => ({ status: 0, json: { text: `${error.name}: ${error.message}` } }))
    const ack = String(reply.json?.text ?? '')
    const answer =
      reply.status !== 200
        ? `HTTP ${reply.status} ${ack}`.trim()
        : ack === WORKING_ON_IT
          ? 'accepted'
          : ack
            ? ack.replace(/:warning: /, '').slice(0, 60)
            : '(empty ack)'
    return { answer, ack, ms: performance.now() - started }
  }

  try {
    await waitForReady(`http://127.0.0.1:${botPort}/readyz`, 60_000)
    for (const [i, text] of [
      ...SKUS.map((s) => `new ${s} Soak part`),
      'location new shelf',
      ...SKUS.flatMap((s) => [`receive ${s} 100000 at main`, `receive ${s} 100000 at shelf`]),
    ].entries()) {
      const { ack } = await send(text, `setup.${i}`)
      if (ack === WORKING_ON_IT) await slack.waitFor({ kind: 'response', name: `setup.${i}` }, 1, 60_000)
    }
    log(`set up; streaming ${COMMANDS} commands at ${RATE}/s, ${KILLS} kills, ${RESTARTS} broker restarts`)

    const durationMs = (COMMANDS / RATE) * 1000
    const streamStart = Date.now()
    let kills = 0
    // Random moments inside the stream, drawn up front so that every one of them happens.
    const killAt = Array.from({ length: KILLS }, () => streamStart + Math.random() * durationMs).sort(
      (a, b) => a - b,
    )
    const killer = (async () => {
      for (const at of killAt) {
        await sleep(at - Date.now())
        const index = Math.floor(Math.random() * fleet.length)
        const victim = fleet[index] as Spawned
        victim.child.kill('SIGKILL')
        await victim.exited
        kills += 1
        fleet = fleet.map((w, i) => (i === index ? startWorker() : w))
      }
    })()
    const restarts: string[] = []
    const restarter = (async () => {
      for (let r = 1; r <= RESTARTS; r++) {
        await sleep(streamStart + (durationMs * r) / (RESTARTS + 1) - Date.now())
        const down = Date.now()
        brokerDown = true
        const stopMs = await rabbitmqctl('stop_app')
        await sleep(BROKER_DOWN_MS)
        const startMs = await rabbitmqctl('start_app')
        brokerDown = false
        restarts.push(`${((Date.now() - down) / 1000).toFixed(1)} s`)
        log(`broker stopped in ${stopMs} ms, started in ${startMs} ms`)
        log(`broker restarted (${restarts.at(-1)} without it)`)
      }
    })()

    /** Every command's trigger, by how its ack answered. */
    const answers = new Map<string, string[]>()
    const ackMs: number[] = []
    const pending: Promise<void>[] = []
    const started = performance.now()
    for (let i = 0; i < COMMANDS; i++) {
      const due = started + (i * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      const trigger = `soak.${i}`
      pending.push(
        send(commandText(i), trigger).then(({ answer, ms }) => {
          answers.set(answer, [...(answers.get(answer) ?? []), `cmd:${trigger}`])
          ackMs.push(ms)
        }),
      )
      if (i % 1000 === 999) log(`${i + 1} sent, ${kills} kills so far`)
    }
    await Promise.all(pending)
    await killer
    await restarter
    const acked = answers.get('accepted') ?? []
    log(`stream done: ${acked.length} of ${COMMANDS} accepted; waiting for the workers to apply them`)

    // Drain: every acknowledged command is applied (or dead-lettered), within ten minutes; then the
    // ledger is left to settle, since commands answered otherwise may also still arrive.
    const deadline = Date.now() + 600_000
    const appliedAmong = async (keys: readonly string[]) =>
      (
        await db.query(
          'SELECT count(DISTINCT request_key)::int AS n FROM movements WHERE request_key = ANY($1::text[])',
          [keys],
        )
      ).rows[0].n as number
    const deadAmong = async (keys: readonly string[]) =>
      (
        await db.query('SELECT count(*)::int AS n FROM dead_letters WHERE request_key = ANY($1::text[])', [
          keys,
        ])
      ).rows[0].n as number
    while ((await appliedAmong(acked)) + (await deadAmong(acked)) < acked.length && Date.now() < deadline)
      await sleep(2_000)
    for (let last = -1, now = 0; now !== last; await sleep(5_000)) {
      last = now
      now = (await db.query("SELECT count(*)::int AS n FROM movements WHERE request_key LIKE 'cmd:soak.%'"))
        .rows[0].n
    }
    const applied = await appliedAmong(acked)
    const deadLetters = await deadAmong(acked)
    const lost = acked.length - applied - deadLetters
    const { rows: doubled } = await db.query(
      `SELECT count(*)::int - count(DISTINCT request_key)::int AS n FROM movements WHERE request_key LIKE 'cmd:soak.%'`,
    )
    const duplicates = doubled[0].n as number
    const byAnswer = await Promise.all(
      [...answers].map(async ([answer, keys]) => ({
        answer,
        sent: keys.length,
        applied: await appliedAmong(keys),
      })),
    )
    // "Nothing was accepted" must be the truth: none of those may have been applied.
    const broken = byAnswer.filter((a) => a.answer.startsWith('Nothing was accepted') && a.applied > 0)
    const { rows: balances } = await db.query(`
      SELECT i.sku, l.code, s.on_hand::int AS on_hand, s.reserved::int AS reserved,
             coalesce(sum(ml.delta), 0)::int AS ledger
      FROM stock_levels s JOIN items i ON i.id = s.item_id JOIN locations l ON l.id = s.location_id
      LEFT JOIN movement_lines ml ON ml.item_id = s.item_id AND ml.location_id = s.location_id
      GROUP BY i.sku, l.code, s.on_hand, s.reserved ORDER BY i.sku, l.code`)
    const balanced = balances.every(
      (b) => b.on_hand === b.ledger && b.reserved >= 0 && b.reserved <= b.on_hand,
    )
    const sorted = [...ackMs].sort((a, b) => a - b)
    const p = (q: number) =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
    console.log(`## Soak run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; one bot, ${WORKERS} workers, PostgreSQL and RabbitMQ on it (shared with other work: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} at the end)
- Stream: ${COMMANDS} signed \`/inventory\` changes (receive, issue, move over ${SKUS.length} items and 2 locations) at ${RATE}/s
- Faults: a worker killed with SIGKILL ${kills} times at random moments; RabbitMQ stopped and started ${restarts.length} times (${restarts.join(', ')} from stop to started)
- Ack latency p50 / p99 / max: ${p(0.5)} / ${p(0.99)} / ${p(1)} ms

| sent | acked ("working on it") | applied of those | dead-lettered | lost | applied twice |
|---|---|---|---|---|---|
| ${COMMANDS} | ${acked.length} | ${applied} | ${deadLetters} | ${lost} | ${duplicates} |

Every answer the stream got, and how many of those commands were applied:

| answer at the ack | commands | applied |
|---|---|---|
${byAnswer
  .sort((a, b) => b.sent - a.sent)
  .map((a) => `| ${a.answer.replace(/\|/g, '\\|')} | ${a.sent} | ${a.applied} |`)
  .join('\n')}

On hand = Σ ledger, 0 ≤ reserved ≤ on hand, for every item and location: ${balanced ? '✓' : '✗'}
${balances.map((b) => `- ${b.sku} at ${b.code}: on hand ${b.on_hand}, ledger ${b.ledger}, reserved ${b.reserved}`).join('\n')}
`)
    return lost === 0 && duplicates === 0 && balanced && broken.length === 0 ? 0 : 1
  } finally {
    if (brokerDown) await rabbitmqctl('start_app')
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM')
    bot.child.kill('SIGTERM')
    await Promise.all([bot.exited, ...workers.map((w) => w.exited)])
    await slack.close()
    await db.end()
    await dropDatabase(name)
    await dropDatabase(template)
    await deleteQueues(prefix, retryDelaysMs).catch(() => undefined)
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
