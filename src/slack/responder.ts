import type { Logger } from '../logger.js'
import { withRetry } from '../resilience/retry.js'
import type { SlackMessage } from './blocks.js'
import type { SlackApi } from './webapi.js'

/** Where an answer goes: the command's response_url, else the channel (for the user, when ephemeral). */
export interface ReplyTarget {
  readonly responseUrl?: string | undefined
  readonly channelId?: string | undefined
  readonly userId: string
}

export interface Responder {
  /** Answers the person who asked: response_url first, the Web API when that fails (expired, 5xx). */
  reply(target: ReplyTarget, message: SlackMessage): Promise<void>
}

/** A non-2xx answer from a response_url; 429 and 5xx are transient (see the retry table). */
export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${statusCode}`)
    this.name = 'HttpStatusError'
  }
}

export function createResponder(deps: { api: SlackApi; logger: Logger; httpTimeoutMs: number }): Responder {
  const { api, logger } = deps

  async function postToResponseUrl(url: string, message: SlackMessage): Promise<void> {
    await withRetry('slack', async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(deps.httpTimeoutMs),
      })
      await response.body?.cancel()
      if (!response.ok)
        throw new HttpStatusError(response.status, retryAfterMs(response.headers.get('retry-after')))
    })
  }

  async function postWithWebApi(target: ReplyTarget, message: SlackMessage): Promise<void> {
    if (!target.channelId) throw new Error('no channel to post the answer to')
    const { response_type, replace_original: _, ...content } = message
    if (response_type === 'in_channel')
      await api.call('chat.postMessage', { channel: target.channelId, ...content })
    else await api.call('chat.postEphemeral', { channel: target.channelId, user: target.userId, ...content })
  }

  return {
    async reply(target, message) {
      if (target.responseUrl) {
        try {
          return await postToResponseUrl(target.responseUrl, message)
        } catch (err) {
          logger.warn({ err }, 'response_url failed; falling back to the Web API')
        }
      }
      await postWithWebApi(target, message)
    },
  }
}

function retryAfterMs(header: string | null): number | undefined {
  const seconds = header === null ? Number.NaN : Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}
