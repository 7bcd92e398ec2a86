import type { Config } from '../config.js'
import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { type AlertRetryPolicy, createAlertPoster } from './alert-posts.js'
import { createDeliverer } from './delivery.js'
import type { DeliveryRecords } from './delivery-records.js'
import { createFileUploader } from './files.js'
import { createHomePublisher } from './home-publisher.js'
import { createResponder } from './responder.js'
import { createSlackAdmins } from './slack-admins.js'
import { createSlackApi, type WorkspaceTokens } from './webapi.js'

/** Everything that talks to Slack (Web API, response_urls, alert posts), wired once for the bot and the worker alike. */
export function createSlackOutbound(deps: {
  slack: Config['slack']
  /** Who is told about dead letters. */
  admins: readonly string[]
  service: InventoryService
  records: DeliveryRecords
  /** With OAuth installs: each workspace's token. */
  tokens?: WorkspaceTokens | undefined
  /** How a failed low-stock alert is retried (default `ALERT_RETRY_POLICY`). */
  alertRetries?: AlertRetryPolicy | undefined
  logger: Logger
}) {
  const { slack, admins, service, records, logger } = deps
  const api = createSlackApi(slack, logger, deps.tokens)
  const responder = createResponder({ api, logger, httpTimeoutMs: slack.httpTimeoutMs })
  const home = createHomePublisher({ service, api, logger })
  const alerts = createAlertPoster({ responder, records, logger, policy: deps.alertRetries })
  const deliverer = createDeliverer({ responder, api, service, records, alerts, home, admins, logger })
  const files = createFileUploader({ api, httpTimeoutMs: slack.httpTimeoutMs })
  const slackAdmins = createSlackAdmins({ api, logger })
  return { api, responder, home, alerts, deliverer, files, slackAdmins }
}

export type SlackOutbound = ReturnType<typeof createSlackOutbound>
