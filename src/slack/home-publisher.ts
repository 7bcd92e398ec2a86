import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { DEFAULT_HOME_LIMITS, type HomeSection, homeView } from './blocks/index.js'
import type { SlackApi } from './webapi.js'

export interface HomePublisher {
  /** Builds one person's App Home from the database and publishes it (views.publish). */
  publish(teamId: string, userId: string, limits?: Readonly<Record<HomeSection, number>>): Promise<void>
}

export function createHomePublisher(deps: {
  service: InventoryService
  api: SlackApi
  logger: Logger
}): HomePublisher {
  return {
    async publish(teamId, userId, limits = DEFAULT_HOME_LIMITS) {
      const snapshot = await deps.service.home(teamId, userId, limits)
      const view = homeView({ ...snapshot, userId, isAdmin: deps.service.isAdmin(userId), limits })
      await deps.api.call('views.publish', { user_id: userId, view })
    },
  }
}
