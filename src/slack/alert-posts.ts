import type { AlertClaim } from '../db/repositories/alerts.js'
import type { AlertNotice } from '../inventory/results.js'
import type { Logger } from '../logger.js'
import { countAlertPost } from '../metrics.js'
import { alertMessage } from './blocks/index.js'
import type { DeliveryRecords } from './delivery-records.js'
import { type Responder, slackErrorCode } from './responder.js'
import type { Workspace } from './webapi.js'
import { ALERT_POST_FAILED } from './wording/index.js'

/** Slack's answers that mean the bot may not post in a channel. */
export const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
])

/** How a low-stock alert whose post failed is posted again (by the bots' timer, `alert-retries.ts`). */
export interface AlertRetryPolicy {
  /** How often each bot looks for a retry that is due. Default 5 s. */
  readonly checkEveryMs: number
  /** The delay after the first failed post, doubling after each one. Default 30 s. */
  readonly firstDelayMs: number
  /** The longest delay. Default 30 min. */
  readonly maxDelayMs: number
  /** Failed posts after which the timer gives up (the item's next change still tries). Default 12 (1.5–3 h of retries). */
  readonly maxAttempts: number
}

export const ALERT_RETRY_POLICY: AlertRetryPolicy = Object.freeze({
  checkEveryMs: 5_000,
  firstDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 12,
})

/**
 * When to try again after the `failures`-th failed post: min(max, first·2^(failures−1)),
 * half of it fixed and half random, so that alerts which failed together (Slack was down)
 * spread out while the backoff still doubles. Undefined: give up.
 */
export function alertRetryDelayMs(
  failures: number,
  policy: AlertRetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (failures >= policy.maxAttempts) return undefined
  const ceilingMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures - 1))
  return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2)
}

export type AlertPostOutcome = 'posted' | 'not-in-channel' | 'retrying' | 'given-up'

export interface AlertPoster {
  /**
   * Posts a claimed alert to its channel and records how that went, for its
   * crossing only: posted; the bot may not post there (whoever routed alerts
   * there is told, once); or failed (logged, and retried per the policy). Throws
   * only when the record cannot be written (the claim then lapses and the timer retries).
   */
  post(workspace: Workspace, claim: AlertClaim, alert: AlertNotice): Promise<AlertPostOutcome>
}

export function createAlertPoster(deps: {
  responder: Responder
  records: DeliveryRecords
  logger: Logger
  policy?: AlertRetryPolicy | undefined
}): AlertPoster {
  const { responder, records } = deps
  const policy = deps.policy ?? ALERT_RETRY_POLICY
  const logger = deps.logger.child({ component: 'alerts' })
  return {
    async post(workspace, claim, alert) {
      const place = { teamId: workspace.teamId, enterpriseId: workspace.enterpriseId }
      try {
        const { ts } = await responder.post(
          { ...place, channelId: alert.channelId, userId: alert.setBy },
          alertMessage(alert),
        )
        // No ts: a Web API call logged instead of sent (local mode). It is done either way.
        await records.alertPosted(claim, ts ?? 'posted')
        countAlertPost('posted')
        return 'posted'
      } catch (err) {
        if (CANNOT_POST.has(slackErrorCode(err) ?? '')) {
          // The bot was never invited there: tell whoever chose that channel how to fix it, once per alert.
          await records.alertPosted(claim, 'not-posted')
          countAlertPost('not_in_channel')
          await responder.post(
            { ...place, userId: alert.setBy },
            { text: ALERT_POST_FAILED(alert.channelId) },
          )
          return 'not-in-channel'
        }
        const failures = claim.failedPosts + 1
        const retryInMs = alertRetryDelayMs(failures, policy)
        await records.alertPostFailed(claim, retryInMs)
        const about = { err, teamId: claim.teamId, sku: alert.sku, channel: alert.channelId, failures }
        if (retryInMs === undefined) {
          countAlertPost('gave_up')
          logger.error(about, 'gave up posting a low-stock alert; the item’s next change tries again')
          return 'given-up'
        }
        countAlertPost('failed')
        logger.warn({ ...about, retryInMs }, 'a low-stock alert could not be posted; trying again later')
        return 'retrying'
      }
    },
  }
}
