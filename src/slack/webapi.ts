import { webApi } from '@slack/bolt'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { withRetry } from '../resilience/retry.js'

/**
 * The workspace a Web API call is for (and its Enterprise Grid org, if any):
 * with OAuth installs each has its own token. A `Command` is one.
 */
export interface Workspace {
  readonly teamId: string
  readonly enterpriseId?: string | undefined
}

/** For a call the single bot token makes whatever the workspace (its own `auth.test`). */
export const ANY_WORKSPACE: Workspace = Object.freeze({ teamId: '*' })

/** Just the workspace of something that carries one (a command, a reply target). */
export const workspaceOf = (w: Workspace): Workspace => ({ teamId: w.teamId, enterpriseId: w.enterpriseId })

/** The Slack Web API as the bot uses it: one method, with the workspace's token, retried per the transient table. */
export interface SlackApi {
  call(method: string, args: Record<string, unknown>, workspace: Workspace): Promise<Record<string, unknown>>
}

/** Where the token of a workspace comes from, with OAuth installs (`oauth/installations.ts`). */
export interface WorkspaceTokens {
  botToken(workspace: Workspace): Promise<string>
}

/**
 * A Web API client whose own retries are off (`retries: 0`, rate-limited calls
 * rejected) so that the retry module is the only layer that retries. Its token:
 * the bot token; with OAuth installs, the one of the workspace (or org) each
 * call is for. In local mode there is no token: calls are logged instead of sent.
 */
export function createSlackApi(slack: Config['slack'], logger: Logger, tokens?: WorkspaceTokens): SlackApi {
  if (!slack.botToken && !tokens) {
    return {
      async call(method, args) {
        logger.info({ method, args }, 'local mode: Slack Web API call logged, not sent')
        return { ok: true, local: true }
      },
    }
  }
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: slack.httpTimeoutMs,
    logLevel: webApi.LogLevel.ERROR,
  })
  return {
    async call(method, args, workspace) {
      const token = tokens ? { token: await tokens.botToken(workspace) } : {}
      return withRetry(
        'slack',
        async () =>
          (await client.apiCall(method, { ...args, ...token })) as unknown as Record<string, unknown>,
      )
    },
  }
}
