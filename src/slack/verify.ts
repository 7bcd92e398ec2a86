import { createHmac, timingSafeEqual } from 'node:crypto'

/** Slack's requests must be signed within this window, in either direction (Bolt only checks the past). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000

export type VerifyResult = { ok: true } | { ok: false; reason: string }

/**
 * Verifies Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the
 * signing secret, compared in constant time, and a timestamp no more than five
 * minutes from now in either direction (a future timestamp would open a replay window).
 */
export function verifySlackSignature(input: {
  signingSecret: string
  body: string
  timestamp: string | undefined
  signature: string | undefined
  nowMs: number
}): VerifyResult {
  const { timestamp, signature } = input
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'missing or malformed timestamp' }
  if (Math.abs(input.nowMs - Number(timestamp) * 1000) > MAX_CLOCK_SKEW_MS)
    return { ok: false, reason: 'timestamp outside the five-minute window' }
  if (!signature?.startsWith('v0=')) return { ok: false, reason: 'missing or malformed signature' }
  const expected = signSlackRequest(input.signingSecret, timestamp, input.body)
  const given = Buffer.from(signature)
  const wanted = Buffer.from(expected)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { ok: false, reason: 'signature mismatch' }
  return { ok: true }
}

/** The `x-slack-signature` value for a body; used by `npm run say`, the tests and the benchmark. */
export function signSlackRequest(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}
