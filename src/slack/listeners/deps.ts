import type { InventoryService } from '../../inventory/service.js'
import type { Logger } from '../../logger.js'
import type { Dispatcher } from '../../queue/dispatcher.js'
import type { DeliveryRecords } from '../delivery-records.js'
import type { Installations } from '../oauth/installations.js'
import type { SlackOutbound } from '../outbound.js'
import type { SlackAdmins } from '../slack-admins.js'

/**
 * What every listener may use: dispatch commands, read what a form needs and
 * what someone may do, talk to Slack. Never SQL, and never a change except
 * through the dispatcher.
 */
export interface ListenerDeps {
  readonly dispatcher: Dispatcher
  readonly service: Pick<InventoryService, 'itemForm' | 'access' | 'deny'>
  /** Events API ids handled, and who opens the App Home. */
  readonly records: Pick<DeliveryRecords, 'firstDelivery' | 'forgetDelivery' | 'homeOpened'>
  readonly slack: Pick<SlackOutbound, 'api' | 'responder' | 'home'>
  /** With OAuth installs: forgetting an installation's tokens when Slack says they are gone. */
  readonly installations?: Pick<Installations, 'revoke'> | undefined
  /** Slack's own workspace owners and admins (users.info, cached): carried in every command as `slackAdmin`. */
  readonly slackAdmins: SlackAdmins
  readonly logger: Logger
}
