import type { Logger } from '../logger.js'
import { countFallback } from '../metrics.js'
import type { SlackMessage } from './blocks/index.js'
import { postToSlack } from './http-post.js'
import type { SlackApi, Workspace } from './webapi.js'

/** Where an answer goes: the command's response_url, else the channel (for the user, when ephemeral), in its workspace. */
export interface ReplyTarget extends Workspace {
  readonly responseUrl?: string | undefined
  readonly channelId?: string | undefined
  readonly userId: string
}

/** Where a posted message landed (unknown when it went through a response_url). */
export interface Posted {
  readonly channel?: string
  readonly ts?: string
}

export interface Responder {
  /**
   * Answers the person who asked: response_url first, the Web API when that
   * fails (expired, 5xx), with `fallback` instead when the message only makes
   * sense on the response_url (replacing the original message).
   */
  reply(target: ReplyTarget, message: SlackMessage, fallback?: SlackMessage): Promise<void>
  /** Posts to the channel: the Web API first (returns where it landed), the response_url when that fails. */
  post(target: ReplyTarget, message: SlackMessage): Promise<Posted>
  /** Rewrites a message the bot posted earlier in `workspace`. */
  update(workspace: Workspace, channelId: string, ts: string, message: SlackMessage): Promise<void>
}

export function createResponder(deps: { api: SlackApi; logger: Logger; httpTimeoutMs: number }): Responder {
  const { api, logger } = deps

  const postToResponseUrl = (url: string, message: SlackMessage) =>
    postToSlack(url, JSON.stringify(message), 'application/json; charset=utf-8', deps.httpTimeoutMs)

  async function postWithWebApi(target: ReplyTarget, message: SlackMessage): Promise<Posted> {
    // No channel (a button on the App Home): the bot's direct messages with the person.
    const channel = target.channelId ?? target.userId
    const { response_type, replace_original: _r, delete_original: _d, ...content } = message
    const result =
      response_type === 'ephemeral' && target.channelId
        ? await api.call('chat.postEphemeral', { channel, user: target.userId, ...content }, target)
        : await api.call('chat.postMessage', { channel, ...content }, target)
    return {
      ...(typeof result.ts === 'string' ? { ts: result.ts } : {}),
      ...(typeof result.channel === 'string' ? { channel: result.channel } : {}),
    }
  }

  return {
    async reply(target, message, fallback) {
      if (target.responseUrl) {
        try {
          return await postToResponseUrl(target.responseUrl, message)
        } catch (err) {
          logger.warn({ err }, 'response_url failed; falling back to the Web API')
          countFallback('slack_web_api')
        }
      }
      await postWithWebApi(target, fallback ?? message)
    },
    async post(target, message) {
      try {
        return await postWithWebApi(target, message)
      } catch (err) {
        if (!target.responseUrl) throw err
        logger.warn({ err }, 'the Web API failed; falling back to the response_url')
        countFallback('response_url')
        await postToResponseUrl(target.responseUrl, { ...message, replace_original: false })
        return {}
      }
    },
    async update(workspace, channelId, ts, message) {
      const { response_type: _t, replace_original: _r, delete_original: _d, ...content } = message
      await api.call('chat.update', { channel: channelId, ts, ...content }, workspace)
    },
  }
}

/** The error code of a failed Web API call (`not_in_channel`, `channel_not_found`…), if Slack gave one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } })?.data
  return typeof data?.error === 'string' ? data.error : undefined
}
