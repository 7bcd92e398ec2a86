import { signSlackRequest } from '../slack/verify.js'
import { type Json, parseJsonObject } from './workspace.js'

/** What the bot answered: the HTTP status and the ack's body (JSON when it sent JSON). */
export interface Ack {
  readonly status: number
  readonly json: Json | undefined
  readonly text: string
}

/** How long the playground waits for an ack; longer than Slack's 3 s, so a busy machine shows answers, not timeouts. */
const ACK_WAIT_MS = 10_000

/**
 * The bot's front door as Slack uses it: every request signed with the signing
 * secret and POSTed to `/slack/events` over HTTP, in the three body shapes Slack sends.
 */
export function createDoor(options: { eventsUrl: string; signingSecret: string }) {
  async function post(body: string, contentType: string): Promise<Ack> {
    const timestamp = String(Math.floor(Date.now() / 1000))
    try {
      const response = await fetch(options.eventsUrl, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': signSlackRequest(options.signingSecret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(ACK_WAIT_MS),
      })
      const text = await response.text()
      return { status: response.status, json: parseJsonObject(text), text }
    } catch {
      // Slack reports an unreachable or silent app the same way: the request failed.
      return { status: 0, json: undefined, text: '' }
    }
  }

  return {
    command: (fields: Record<string, string>) =>
      post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded'),
    interaction: (payload: Json) =>
      post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      ),
    event: (envelope: Json) => post(JSON.stringify(envelope), 'application/json'),
  }
}

export type Door = ReturnType<typeof createDoor>
