import type { IncomingMessage, ServerResponse } from 'node:http'
import type { App, Receiver } from '@slack/bolt'
import { send } from '../http/server.js'
import type { Logger } from '../logger.js'
import { processAcked } from './acked.js'
import { isSlackEnvelope } from './envelope.js'
import { verifySlackSignature } from './verify.js'

const BODY_LIMIT_BYTES = 1024 * 1024
/** How long the rest of a refused body is read (and discarded) before answering 413 and closing. */
const DRAIN_LIMIT_MS = 2_000

type StringIndexed = Record<string, unknown>

/**
 * Bolt's transport for `POST /slack/events`: verifies every request's
 * signature (and refuses timestamps more than five minutes off, past or future),
 * parses the three body shapes Slack sends, and hands the payload to Bolt with
 * an `ack` that writes the HTTP response (`processAcked`). Whatever happens, Slack
 * gets a 2xx or a 4xx, never a 500: a listener that never acks is answered empty at the deadline.
 */
export class SlackReceiver implements Receiver {
  private app: App | undefined

  constructor(private readonly options: { signingSecret: string; logger: Logger; now?: () => number }) {}

  init(app: App): void {
    this.app = app
  }

  /** The HTTP server belongs to the composition root; see `http/server.ts`. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options
    const raw = await readBody(req)
    if (raw === undefined) return refuseOversized(req, res)
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim()
    const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(raw) : undefined
    if (form?.get('ssl_check') === '1') return send(res, 200)

    const verdict = verifySlackSignature({
      signingSecret: this.options.signingSecret,
      body: raw,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: (this.options.now ?? Date.now)(),
    })
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason }, 'refused a request that is not from Slack')
      return send(res, 401, { error: 'invalid request signature' })
    }

    const body = parseBody(raw, form)
    if (!body) return send(res, 400, { error: 'unparsable body' })
    if (body.type === 'url_verification') return send(res, 200, { challenge: body.challenge })
    await this.dispatch(body, req, res)
  }

  private dispatch(body: StringIndexed, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const retryNum = header(req, 'x-slack-retry-num')
    return processAcked(
      this.app,
      {
        body,
        retryNum: retryNum === undefined ? undefined : Number(retryNum),
        retryReason: header(req, 'x-slack-retry-reason'),
      },
      (response) => send(res, 200, response),
      this.options.logger,
    )
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The body as text, or undefined once it passes the limit (the rest is left unread for `refuseOversized`). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers['content-length']) > BODY_LIMIT_BYTES) return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = (value: string | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', reject)
      resolve(value)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > BODY_LIMIT_BYTES) stop(undefined)
      else chunks.push(chunk)
    }
    const onEnd = () => stop(Buffer.concat(chunks).toString('utf8'))
    req.on('data', onData).on('end', onEnd).on('error', reject)
  })
}

/**
 * Answers 413 and closes the connection. A half-read body must not stay on a
 * keep-alive connection (its next request would be parsed out of the leftover
 * bytes and hang), so the rest is read and discarded, for at most
 * DRAIN_LIMIT_MS, before the answer: the client finishes sending and reads the
 * 413 instead of a reset. `Connection: close` makes Node close the socket after it.
 */
async function refuseOversized(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('connection', 'close')
  if (!req.readableEnded)
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(done, DRAIN_LIMIT_MS)
      req.once('end', done).once('error', done).resume()
    })
  send(res, 413, { error: 'body too large' })
}

/**
 * Slash commands arrive as form fields, interactivity as a form field `payload` of JSON, events as JSON.
 * Anything else (not JSON, or not shaped like a Slack envelope) is no Slack payload.
 */
function parseBody(raw: string, form: URLSearchParams | undefined): StringIndexed | undefined {
  try {
    const payload = form?.get('payload')
    const body: unknown = !form
      ? JSON.parse(raw)
      : payload == null
        ? Object.fromEntries(form)
        : JSON.parse(payload)
    return isSlackEnvelope(body) ? body : undefined
  } catch {
    return undefined
  }
}
