import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import {
  type ComposeProject,
  createComposeProject,
  docker,
  leftovers,
  removeLeftovers,
  sh,
} from '../helpers/compose.js'
import { eventually } from '../helpers/eventually.js'
import { LEDGER_BALANCE_SQL } from '../helpers/ledger.js'
import { type Stream, startStream, type Tally } from '../helpers/load.js'
import { buildSlashCommand } from '../helpers/payloads.js'
import { form, postSigned, type SignedResponse, TEST_SIGNING_SECRET } from '../helpers/signed.js'
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js'
import { IMAGE, IMAGE_TAG, PROJECT } from './names.js'

/**
 * The compose file as shipped, on this machine's Docker engine: 3 bots and 2
 * workers behind nginx (`lb`, published on port 3000), PostgreSQL and
 * RabbitMQ. Slack is the loopback stand-in, reached by the containers on the
 * Docker bridge's gateway address. Steps run in order, on one stack.
 */
const LB = 'http://127.0.0.1:3000'
const RATE_INTERVAL_MS = 50 // 20 requests a second, as the issue measured
const figures: Record<string, unknown> = {}
let slack: SlackStandIn
let stack: ComposeProject
let destroyed = false

const send = (text: string, trigger: string) =>
  postSigned(
    `${LB}/slack/events`,
    form(buildSlashCommand({ text, trigger_id: trigger, response_url: slack.responseUrl(trigger) })),
  )
const acked = (reply: SignedResponse) => reply.json?.text === WORKING_ON_IT
const answered = (sku: string) => (reply: SignedResponse) => JSON.stringify(reply.json ?? '').includes(sku)

/** A stream of changes (`receive SKU 1`), or of changes and reads alternately. */
const streams = new Set<Stream>()
function stream(name: string, sku: string, options: { reads?: boolean } = {}): Stream {
  const isRead = (id: string) => options.reads === true && Number(id.split('.').pop()) % 2 === 1
  const started = startStream({
    name,
    intervalMs: RATE_INTERVAL_MS,
    maxRequests: 2_000,
    send: (id) => send(isRead(id) ? `stock ${sku}` : `receive ${sku} 1`, id),
    accepts: (reply) => acked(reply) || answered(sku)(reply),
  })
  streams.add(started)
  return started
}
const changes = (tally: Tally) => tally.acceptedIds.filter((id) => Number(id.split('.').pop()) % 2 === 0)

/** Request keys of the movements this stream made, with how often each was applied. */
async function appliedOnce(name: string, ackedIds: readonly string[]): Promise<number> {
  const rows = await eventually(
    async () => {
      const found = await stack.psql(
        `SELECT request_key, count(*) FROM movements WHERE request_key LIKE 'cmd:${name}.%' GROUP BY 1`,
      )
      const keys = new Set(found.map(([key]) => key))
      return ackedIds.every((id) => keys.has(`cmd:${id}`)) ? found : undefined
    },
    120_000,
    1_000,
  )
  expect(
    rows.filter(([, n]) => n !== '1'),
    'changes applied more than once',
  ).toEqual([])
  return rows.length
}

async function onHand(sku: string): Promise<number> {
  const [[total = '0'] = []] = await stack.psql(
    `SELECT coalesce(sum(s.on_hand), 0) FROM stock_levels s JOIN items i ON i.id = s.item_id WHERE i.sku = '${sku}'`,
  )
  return Number(total)
}

/** The figures of one step: requests sent, answered, acknowledged changes applied, and what failed. */
const summary = (tally: Tally, applied: number) => ({
  sent: tally.sent,
  answered: tally.ok,
  changesApplied: applied,
  lateEmpty: tally.late.length,
  failed: tally.failures.length,
  firstFailures: tally.failures.slice(0, 5),
})
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const healthOf = async (id: string) => (await docker('inspect', '-f', '{{.State.Health.Status}}', id)).trim()

/** Waits until `service` has exactly `count` containers, all healthy. */
async function healthy(service: string, count: number, timeoutMs = 240_000): Promise<string[]> {
  return eventually(
    async () => {
      const ids = await stack.ids(service)
      if (ids.length !== count) return undefined
      const states = await Promise.all(ids.map(healthOf))
      return states.every((s) => s === 'healthy') ? ids : undefined
    },
    timeoutMs,
    1_000,
  )
}

/** Slack requests a bot has acknowledged so far, from its own /metrics (read inside its container). */
async function requestsServed(id: string): Promise<number> {
  const text = await docker(
    'exec',
    id,
    'node',
    '-e',
    "fetch('http://127.0.0.1:3000/metrics').then(r=>r.text()).then(t=>process.stdout.write(t))",
  )
  const line = text.split('\n').find((l) => l.startsWith('inventory_ack_latency_seconds_count'))
  return Number(line?.split(' ').pop() ?? 0)
}

/** This host's address on Docker's default bridge (docker0): every container can reach it. */
async function dockerBridgeAddress(): Promise<string> {
  const bridge = (
    await docker('network', 'inspect', 'bridge', '-f', '{{index .Options "com.docker.network.bridge.name"}}')
  ).trim()
  // `ip`, not os.networkInterfaces(): that leaves out a bridge with no container on it yet.
  const address = (await sh('ip', ['-4', '-o', 'addr', 'show', 'dev', bridge])).match(/inet ([\d.]+)/)?.[1]
  if (!address) throw new Error(`no IPv4 address on Docker's bridge ${bridge}`)
  return address
}

async function expectPortFree(port: number): Promise<void> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', () =>
      reject(
        new Error(`port ${port} is taken: the compose file publishes lb on it; stop what listens there`),
      ),
    )
    server.listen(port, resolve)
  })
  await new Promise((resolve) => server.close(resolve))
}

beforeAll(async () => {
  await removeLeftovers(PROJECT)
  await expectPortFree(3000)
  slack = await startSlackStandIn({ host: await dockerBridgeAddress() })
  stack = await createComposeProject(PROJECT, {
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    ADMIN_USERS: 'U0001',
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    RABBITMQ_PASSWORD: randomBytes(12).toString('hex'),
    IMAGE,
    IMAGE_TAG,
  })
  const started = Date.now()
  await stack.compose(['up', '-d', '--no-build', '--scale', 'bot=3', '--scale', 'worker=2'])
  await healthy('bot', 3)
  await healthy('worker', 2)
  await eventually(async () => (await fetch(`${LB}/readyz`).catch(() => undefined))?.ok, 30_000)
  figures.healthyAfterSeconds = Math.round((Date.now() - started) / 1000)
}, 300_000)

// A step that failed half-way must not leave its load running into the next one.
afterEach(async () => {
  for (const running of streams) await running.stop()
  streams.clear()
})

afterAll(async () => {
  console.log(`containers test figures:\n${JSON.stringify(figures, null, 2)}`)
  if (stack && !destroyed) {
    const logs = await stack.compose(['logs', '--no-color', '--tail', '20']).catch(() => '')
    console.log(logs.slice(-8000))
    await stack.destroy()
  }
  await slack?.close()
}, 120_000)

describe('the compose stack, scaled to 3 bots and 2 workers on this machine’s Docker engine', () => {
  it('ran migrate once, to exit code 0, before any bot or worker started', async () => {
    const [migrate, ...more] = await stack.ids('migrate', { all: true })
    expect(more).toEqual([])
    const [exitCode, finishedAt] = (
      await docker('inspect', '-f', '{{.State.ExitCode}} {{.State.FinishedAt}}', migrate as string)
    )
      .trim()
      .split(' ')
    expect(exitCode).toBe('0')
    for (const id of [...(await stack.ids('bot')), ...(await stack.ids('worker'))]) {
      const startedAt = (await docker('inspect', '-f', '{{.State.StartedAt}}', id)).trim()
      expect(Date.parse(startedAt)).toBeGreaterThanOrEqual(Date.parse(finishedAt as string))
    }
    const [[applied = '0'] = []] = await stack.psql('SELECT count(*) FROM schema_migrations')
    expect(Number(applied)).toBeGreaterThan(0)
  })

  it('answers signed Slack requests through lb, spread over all three bots', async () => {
    expect((await send('new WIDGET Widget', 'setup.widget')).status).toBe(200)
    await eventually(
      async () =>
        (await onHand('WIDGET')) === 0 &&
        (await stack.psql("SELECT 1 FROM items WHERE sku = 'WIDGET'")).length > 0,
      30_000,
    )
    const bots = await stack.ids('bot')
    const before = await Promise.all(bots.map(requestsServed))
    const replies = []
    for (let i = 0; i < 60; i++) replies.push(await send('stock WIDGET', `spread.${i}`))
    expect(replies.filter((r) => r.status !== 200 || !answered('WIDGET')(r))).toEqual([])
    const shares = (await Promise.all(bots.map(requestsServed))).map((n, i) => n - (before[i] as number))
    figures.spread = { requests: 60, perBot: shares }
    for (const share of shares) expect(share).toBeGreaterThan(0)
    expect(shares.reduce((a, b) => a + b, 0)).toBe(60)

    const forged = await postSigned(`${LB}/slack/events`, form(buildSlashCommand({ text: 'stock WIDGET' })), {
      secret: 'not-the-signing-secret',
    })
    expect(forged.status).toBe(401)
  })

  it('applies every acknowledged change exactly once while a bot and a worker are killed', async () => {
    await send('new KILL Killed part', 'setup.kill')
    const [bot] = await stack.ids('bot')
    const [worker] = await stack.ids('worker')
    const load = stream('kill', 'KILL')
    await pause(4_000)
    await docker('kill', bot as string)
    await pause(4_000)
    await docker('kill', worker as string)
    await pause(7_000)
    const tally = await load.stop()
    const applied = await appliedOnce('kill', tally.acceptedIds)
    figures.kill = summary(tally, applied)
    expect(await onHand('KILL')).toBe(applied)
    expect(tally.ok).toBeGreaterThan(tally.sent * 0.95)
    // A container stopped by `docker kill` stays stopped (the restart policy restarts crashes):
    // the operator brings the stack back to its scale.
    await stack.compose(['up', '-d', '--no-recreate', '--scale', 'bot=3', '--scale', 'worker=2'])
    await healthy('bot', 3)
    await healthy('worker', 2)
  })

  it('scales the bots 3 → 5 → 2 under load without a failed request', async () => {
    await send('new SCALE Scaled part', 'setup.scale')
    const load = stream('scale', 'SCALE', { reads: true })
    await pause(2_000)
    await stack.compose(['up', '-d', '--no-deps', '--no-recreate', '--scale', 'bot=5', 'bot'])
    await healthy('bot', 5)
    await pause(3_000)
    await stack.compose(['up', '-d', '--no-deps', '--no-recreate', '--scale', 'bot=2', 'bot'])
    await healthy('bot', 2)
    await pause(5_000)
    const tally = await load.stop()
    const applied = await appliedOnce('scale', changes(tally))
    figures.scale = summary(tally, applied)
    expect(tally.failures).toEqual([])
    expect(await onHand('SCALE')).toBe(applied)
  })

  it('recovers from a restart of the database, losing no acknowledged change', async () => {
    await send('new DBR Restarted part', 'setup.dbr')
    const load = stream('dbr', 'DBR')
    await pause(3_000)
    await stack.compose(['restart', 'db'])
    await pause(10_000)
    const tally = await load.stop()
    const applied = await appliedOnce('dbr', tally.acceptedIds)
    figures.databaseRestart = summary(tally, applied)
    expect(await onHand('DBR')).toBe(applied)
    const answer = await send('stock DBR', 'dbr.after')
    expect(JSON.stringify(answer.json)).toContain(String(applied))
    expect(tally.failures).toEqual([])
  })

  it('rolls out a new image one bot at a time with no failed request (docker/deploy.sh, as the release runs it)', async () => {
    await docker('tag', `${IMAGE}:${IMAGE_TAG}`, `${IMAGE}:${IMAGE_TAG}-next`)
    await send('new ROLL Rolled part', 'setup.roll')
    const load = stream('roll', 'ROLL', { reads: true })
    await pause(2_000)
    const started = Date.now()
    await sh('bash', ['docker/deploy.sh'], {
      cwd: stack.dir,
      env: { ...stack.env, IMAGE, IMAGE_TAG: `${IMAGE_TAG}-next`, BOT_REPLICAS: '3', WORKER_REPLICAS: '2' },
    })
    const seconds = Math.round((Date.now() - started) / 1000)
    await pause(5_000)
    const tally = await load.stop()
    const applied = await appliedOnce('roll', changes(tally))
    figures.rollout = { seconds, ...summary(tally, applied) }
    expect(tally.failures).toEqual([])
    const images = await Promise.all(
      [...(await healthy('bot', 3)), ...(await healthy('worker', 2))].map(async (id) =>
        (await docker('inspect', '-f', '{{.Config.Image}}', id)).trim(),
      ),
    )
    expect(new Set(images)).toEqual(new Set([`${IMAGE}:${IMAGE_TAG}-next`]))
    const [[unbalanced = '0'] = []] = await stack.psql(
      `SELECT count(*) FROM (${LEDGER_BALANCE_SQL}) b WHERE b.on_hand <> b.ledger OR b.reserved < 0 OR b.reserved > b.on_hand`,
    )
    expect(unbalanced).toBe('0')
  })

  it('leaves nothing behind after docker-compose down -v', async () => {
    destroyed = true
    await stack.destroy()
    expect(await leftovers(PROJECT)).toEqual([])
    await docker('rmi', `${IMAGE}:${IMAGE_TAG}-next`)
  })
})
