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
  } = {},
): Promise<SignedResponse> {
  const timestamp = String(options.timestampSec ?? Math.floor(Date.now() / 1000))
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  })
  const text = await response.text()
  let json: Record<string, unknown> | undefined
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  } catch {
    json = undefined
  }
  return { status: response.status, body: text, json, elapsedMs: performance.now() - started }
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
