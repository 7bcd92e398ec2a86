import type { InventoryService } from '../../inventory/service.js'
import type { Logger } from '../../logger.js'
import type { Dispatcher } from '../../queue/dispatcher.js'
import type { SlackOutbound } from '../outbound.js'

/** What every listener may use: dispatch commands, read forms, talk to Slack. Never SQL. */
export interface ListenerDeps {
  readonly dispatcher: Dispatcher
  readonly service: InventoryService
  readonly slack: SlackOutbound
  readonly logger: Logger
}
