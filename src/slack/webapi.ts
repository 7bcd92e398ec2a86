import { webApi } from '@slack/bolt'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { withRetry } from '../resilience/retry.js'

/** The Slack Web API as the bot uses it: one method, retried per the transient table. */
export interface SlackApi {
  call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>>
}

/**
 * A Web API client whose own retries are off (`retries: 0`, rate-limited calls
 * rejected) so that the retry module is the only layer that retries. In local
 * mode there is no token: calls are logged instead of sent.
 */
export function createSlackApi(slack: Config['slack'], logger: Logger): SlackApi {
  if (!slack.botToken) {
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
    call: (method, args) =>
      withRetry(
        'slack',
        async () => (await client.apiCall(method, args)) as unknown as Record<string, unknown>,
      ),
  }
}
