import { type Agent, request } from 'node:http'
import { signSlackRequest } from '../../src/slack/verify.js'

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789'

export interface SignedResponse {
  readonly status: number
  readonly body: string
  /** The body parsed as JSON, when it is JSON. */
  readonly json: Record<string, unknown> | undefined
  readonly elapsedMs: number
}

/** POSTs a body to the bot signed the way Slack signs it (override the timestamp or secret to test refusals). */
export async function postSigned(
  url: string,
  body: string,
  options: {
    contentType?: string
    secret?: string
    timestampSec?: number
    headers?: Record<string, string>
    /** Send over this node:http agent (keep-alive connection tests) instead of fetch. */
    agent?: Agent
    /** Give up after this long (default: wait as long as the server does). */
    timeoutMs?: number
  } = {},
): Promise<SignedResponse> {
  const timestamp = String(options.timestampSec ?? Math.floor(Date.now() / 1000))
  const headers = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signSlackRequest(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
    ...options.headers,
  }
  const started = performance.now()
  const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs)
  const { status, text } = options.agent
    ? await postWithAgent(url, body, headers, options.agent, signal)
    : await fetch(url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) }).then(
        async (response) => ({ status: response.status, text: await response.text() }),
      )
  let json: Record<string, unknown> | undefined
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  } catch {
    json = undefined
  }
  return { status, body: text, json, elapsedMs: performance.now() - started }
}

function postWithAgent(
  url: string,
  body: string,
  headers: Record<string, string>,
  agent: Agent,
  signal: AbortSignal | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent, ...(signal ? { signal } : {}) }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
