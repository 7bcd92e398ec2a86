import { randomUUID } from 'node:crypto'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import type { AlertRetryPolicy } from '../../src/slack/alert-posts.js'
import type { SlackMessage } from '../../src/slack/blocks/index.js'
import { errorText, WORKING_ON_IT } from '../../src/slack/wording/index.js'
import { startBot } from '../../src/start-bot.js'
import { createTestDatabase, type TestDatabase } from './database.js'
import type { LogCapture } from './logs.js'
import { TEST_OAUTH_ENV } from './oauth.js'
import { buildBlockAction, buildSlashCommand } from './payloads.js'
import { form, postSigned, type SignedResponse, TEST_SIGNING_SECRET } from './signed.js'
import { type SlackStandIn, startSlackStandIn } from './slack.js'
import { type SocketModeStandIn, startSocketModeStandIn, TEST_APP_TOKEN } from './socket-mode.js'

export interface CommandReply extends SignedResponse {
  /** The ack body as a Slack message. */
  readonly ack: SlackMessage
  /** The response_url given with the command (its id in the stand-in). */
  readonly responseId: string
}

/** How the test's Slack reaches the bot: signed HTTP requests, or Socket Mode envelopes. */
export type Transport = 'http' | 'socket'

export interface TestBot {
  readonly url: string
  /** `http://127.0.0.1:PORT`: the bot's other pages (install, health). */
  readonly baseUrl: string
  readonly slack: SlackStandIn
  /** Socket Mode's stand-in, when the bot runs over Socket Mode. */
  readonly socket: SocketModeStandIn | undefined
  readonly db: TestDatabase
  /** Sends `/inventory <text>` as Slack would; `fields` override the payload (user_id, team_id, trigger_id…). */
  command(text: string, fields?: Record<string, string>): Promise<CommandReply>
  /** The answer a person finally sees: the ack, or the response_url post that replaced "working on it". */
  answer(text: string, fields?: Record<string, string>): Promise<SlackMessage>
  /**
   * `answer`, sending the same request again (same trigger_id) while the bot answers "busy" — nothing was run —
   * as a person would: for tests of races, which send more changes at once than a bot admits.
   */
  answerPastBusy(text: string, fields?: Record<string, string>): Promise<SlackMessage>
  /** Posts an interaction payload (block_actions, view_submission) the way Slack does: form field `payload`. */
  interact(payload: Record<string, unknown>): Promise<SignedResponse>
  /**
   * Clicks a button on a message (as `user` of `team`, in `channel`); the answer arrives on the response_url
   * named `responseId` (a fresh one when omitted).
   */
  click(
    actionId: string,
    value: string,
    options?: { user?: string; team?: string; channel?: string; responseId?: string; actionTs?: string },
  ): Promise<SignedResponse & { responseId: string }>
  /** Posts an Events API envelope, as JSON (`x-slack-retry-num` in `headers` marks Slack's retry). */
  event(envelope: Record<string, unknown>, headers?: Record<string, string>): Promise<SignedResponse>
  /** Resolves once the answers and follow-ups (alerts, App Home refreshes) of what was sent are done. */
  settled(): Promise<void>
  stop(): Promise<void>
}

/**
 * The real bot (same `startBot` as `npm start`) on a random port, its own
 * database, and a Slack stand-in; over `transport` (default HTTP), so the same
 * flows run over signed requests or Socket Mode envelopes.
 */
export async function startTestBot(
  options: {
    env?: Record<string, string>
    db?: TestDatabase
    slack?: SlackStandIn
    logs?: LogCapture
    transport?: Transport
    /** An existing Socket Mode stand-in (several bots on one app). */
    socket?: SocketModeStandIn
    /** OAuth installs (`TEST_OAUTH_ENV`) instead of one bot token: install workspaces with `install`. */
    oauth?: boolean
    /** How failed alert posts are retried (default: the bot's own, first retry after 15–30 s). */
    alertRetries?: AlertRetryPolicy
  } = {},
): Promise<TestBot> {
  const slack = options.slack ?? (await startSlackStandIn())
  const db = options.db ?? (await createTestDatabase())
  const overSocket = options.transport === 'socket' || options.socket !== undefined
  const socket = overSocket ? (options.socket ?? (await startSocketModeStandIn(slack))) : undefined
  const config = loadConfig({
    PORT: '0',
    ...(socket ? { SLACK_APP_TOKEN: TEST_APP_TOKEN } : { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET }),
    ...(options.oauth ? TEST_OAUTH_ENV : { SLACK_BOT_TOKEN: 'xoxb-test-token' }),
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: db.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_GRACE_MS: '2000',
    ...options.env,
  })
  const bot = await startBot(config, createLogger(config.logLevel, options.logs?.stream), {
    alertRetries: options.alertRetries,
  })
  const url = `http://127.0.0.1:${bot.port}/slack/events`
  const door = socket ? socketDoor(socket) : httpDoor(url)

  async function command(text: string, fields: Record<string, string> = {}): Promise<CommandReply> {
    const responseId = `r${Math.random().toString(36).slice(2)}`
    const payload = buildSlashCommand({ text, response_url: slack.responseUrl(responseId), ...fields })
    const response = await door.command(payload)
    return {
      ...response,
      ack: (response.json ?? { text: response.body }) as unknown as SlackMessage,
      responseId,
    }
  }

  async function answer(text: string, fields?: Record<string, string>): Promise<SlackMessage> {
    const reply = await command(text, fields)
    if (reply.ack.text !== WORKING_ON_IT) return reply.ack
    const [late] = await slack.waitFor({ kind: 'response', name: reply.responseId })
    return late?.body as unknown as SlackMessage
  }

  return {
    url,
    baseUrl: `http://127.0.0.1:${bot.port}`,
    slack,
    socket,
    db,
    command,
    answer,
    async answerPastBusy(text, fields = {}) {
      const request = { trigger_id: randomUUID(), ...fields }
      for (;;) {
        const answered = await answer(text, request)
        if (answered.text !== BUSY) return answered
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    interact: (payload) => door.interact(payload),
    async click(actionId, value, options = {}) {
      const responseId = options.responseId ?? `click-${Math.random().toString(36).slice(2)}`
      const payload = buildBlockAction({
        actionId,
        value,
        ...options,
        responseUrl: slack.responseUrl(responseId),
      })
      return { ...(await door.interact(payload)), responseId }
    },
    event: (envelope, headers) => door.event(envelope, headers),
    settled: () => bot.settled(10_000),
    async stop() {
      await bot.stop()
      if (socket && !options.socket) await socket.close()
      if (!options.slack) await slack.close()
      if (!options.db) await db.drop()
    },
  }
}

const BUSY = errorText('BUSY')

/** Where the test's Slack sends a payload, and the ack it gets back (as an HTTP answer, for both transports). */
interface Door {
  command(payload: Record<string, string>): Promise<SignedResponse>
  interact(payload: Record<string, unknown>): Promise<SignedResponse>
  event(envelope: Record<string, unknown>, headers?: Record<string, string>): Promise<SignedResponse>
}

function httpDoor(url: string): Door {
  return {
    command: (payload) => postSigned(url, form(payload)),
    interact: (payload) => postSigned(url, form({ payload: JSON.stringify(payload) })),
    event: (envelope, headers) =>
      postSigned(url, JSON.stringify(envelope), {
        contentType: 'application/json',
        ...(headers ? { headers } : {}),
      }),
  }
}

/** Socket Mode: each payload goes out as an envelope; its ack's payload reads like an HTTP answer's body. */
function socketDoor(socket: SocketModeStandIn): Door {
  const send = async (...args: Parameters<SocketModeStandIn['send']>): Promise<SignedResponse> => {
    const started = performance.now()
    const envelope = await socket.send(...args)
    const ack = envelope.ack ?? {}
    const empty = Object.keys(ack).length === 0
    return {
      status: 200,
      body: empty ? '' : JSON.stringify(ack),
      json: empty ? undefined : ack,
      elapsedMs: performance.now() - started,
    }
  }
  return {
    command: (payload) => send('slash_commands', payload),
    interact: (payload) => send('interactive', payload),
    event: (envelope, headers) => {
      const retry = headers?.['x-slack-retry-num']
      return send('events_api', envelope, {
        ...(retry === undefined ? {} : { retryAttempt: Number(retry) }),
        ...(headers?.['x-slack-retry-reason'] ? { retryReason: headers['x-slack-retry-reason'] } : {}),
      })
    },
  }
}
