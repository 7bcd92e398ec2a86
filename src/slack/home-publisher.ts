import type { Asker } from '../inventory/access.js'
import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { DEFAULT_HOME_LIMITS, type HomeSection, homeView } from './blocks/index.js'
import { type SlackApi, workspaceOf } from './webapi.js'

export interface HomePublisher {
  /** Builds one person's App Home from the database (with the buttons their role allows) and publishes it. */
  publish(asker: Asker, limits?: Readonly<Record<HomeSection, number>>): Promise<void>
}

export function createHomePublisher(deps: {
  service: InventoryService
  api: SlackApi
  logger: Logger
}): HomePublisher {
  return {
    async publish(asker, limits = DEFAULT_HOME_LIMITS) {
      const snapshot = await deps.service.home(asker, limits)
      const view = homeView({ ...snapshot, userId: asker.userId, limits })
      await deps.api.call('views.publish', { user_id: asker.userId, view }, workspaceOf(asker))
    },
  }
}
