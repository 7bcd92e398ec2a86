import type { Logger } from '../logger.js'
import { ALERT_RETRY_POLICY, type AlertPoster, type AlertRetryPolicy } from './alert-posts.js'
import type { DeliveryRecords } from './delivery-records.js'

/**
 * Posts again, on a timer, the low-stock alerts whose post failed: every
 * `checkEveryMs` the bot claims the alerts that are due, one at a time (a
 * claim lasts a minute, longer than one post), and posts each. Every bot runs
 * it; the claim gives each alert to one of them. `stop` lets the post in hand
 * finish and claims nothing more.
 */
export function startAlertRetries(deps: {
  records: Pick<DeliveryRecords, 'claimDueAlertPost'>
  poster: AlertPoster
  logger: Logger
  policy?: AlertRetryPolicy | undefined
}): { stop(): Promise<void> } {
  const logger = deps.logger.child({ component: 'alert-retries' })
  let stopped = false
  let running: Promise<void> | undefined

  async function postDue() {
    while (!stopped) {
      const due = await deps.records.claimDueAlertPost()
      if (!due) return
      const { claim, enterpriseId, notice } = due
      const outcome = await deps.poster.post({ teamId: claim.teamId, enterpriseId }, claim, notice)
      if (outcome === 'posted')
        logger.info({ teamId: claim.teamId, sku: notice.sku }, 'posted a low-stock alert late')
    }
  }

  // A tick while the last one still runs is skipped rather than queued behind it.
  const timer = setInterval(
    () => {
      if (stopped || running) return
      running = postDue()
        .catch((err) =>
          logger.warn({ err }, 'retrying low-stock alerts failed; trying again at the next tick'),
        )
        .finally(() => {
          running = undefined
        })
    },
    (deps.policy ?? ALERT_RETRY_POLICY).checkEveryMs,
  )
  timer.unref()

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
