import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import { signSlackRequest } from '../../src/slack/verify.js'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { buildSlashCommand } from '../helpers/payloads.js'
import { form, TEST_SIGNING_SECRET } from '../helpers/signed.js'

/** One kept-alive connection per client, as a balancer in front of the bot would hold. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 })

export type Reply = 'applied' | 'answered' | 'refused' | 'working' | 'failed'

/** How the bot answered: a change applied (`#12 …`), another answer, a refusal, "working on it", or no 200. */
function classify(status: number, body: string): Reply {
  if (status !== 200) return 'failed'
  const text = String((JSON.parse(body || '{}') as { text?: unknown }).text ?? '')
  if (text === WORKING_ON_IT) return 'working'
  if (text.startsWith(':warning:')) return 'refused'
  return /^(#|R-)\d+ /.test(text) ? 'applied' : 'answered'
}

/** A bot to load: its Slack URL, and the response_url to give each command (the Slack stand-in's). */
export interface Target {
  readonly url: string
  responseUrl(key: string): string
}

/**
 * Posts `/inventory <text>`, signed as Slack signs it, with request key
 * `cmd:bench.<key>`; resolves with the reply's class and latency.
 */
export function send(
  target: Target,
  text: string,
  key: string = randomUUID(),
): Promise<{ reply: Reply; ms: number }> {
  const body = form(
    buildSlashCommand({ text, trigger_id: `bench.${key}`, response_url: target.responseUrl(key) }),
  )
  const timestamp = String(Math.floor(Date.now() / 1000))
  const started = performance.now()
  return new Promise((resolve) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signSlackRequest(TEST_SIGNING_SECRET, timestamp, body),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () =>
          resolve({ reply: classify(res.statusCode ?? 0, text), ms: performance.now() - started }),
        )
      },
    )
    req.on('error', () => resolve({ reply: 'failed', ms: performance.now() - started }))
    req.end(body)
  })
}

export interface LoadResult {
  readonly sent: number
  readonly replies: Readonly<Record<Reply, number>>
  /** Replies per second over the measured window. */
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
}

function summarise(samples: { reply: Reply; ms: number }[], seconds: number): LoadResult {
  const replies: Record<Reply, number> = { applied: 0, answered: 0, refused: 0, working: 0, failed: 0 }
  for (const s of samples) replies[s.reply] += 1
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
  return { sent: samples.length, replies, perSecond: samples.length / seconds, p50: at(0.5), p99: at(0.99) }
}

/**
 * A closed loop: `clients` each send a command, wait for its reply, and send
 * the next, for `seconds` (after `warmupSeconds` that are not counted).
 */
export async function closedLoop(
  target: Target,
  command: () => string,
  options: { clients: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  const samples: { reply: Reply; ms: number }[] = []
  const startAt = performance.now() + options.warmupSeconds * 1000
  const endAt = startAt + options.seconds * 1000
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < endAt) {
        const sentAt = performance.now()
        const sample = await send(target, command())
        if (sentAt >= startAt && sentAt < endAt) samples.push(sample)
      }
    }),
  )
  return summarise(samples, options.seconds)
}

/** An open loop: `rate` commands per second for `seconds`, whatever the replies' latency. */
export async function openLoop(
  target: Target,
  command: () => string,
  options: { rate: number; seconds: number },
): Promise<LoadResult> {
  const pending: Promise<{ reply: Reply; ms: number }>[] = []
  const started = performance.now()
  const total = Math.round(options.rate * options.seconds)
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / options.rate - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    pending.push(send(target, command()))
  }
  return summarise(await Promise.all(pending), options.seconds)
}
