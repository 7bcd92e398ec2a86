import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { DEFAULT_HOME_LIMITS, type HomeSection, homeView } from './blocks/index.js'
import type { SlackApi, Workspace } from './webapi.js'

export interface HomePublisher {
  /** Builds one person's App Home from the database and publishes it (views.publish). */
  publish(workspace: Workspace, userId: string, limits?: Readonly<Record<HomeSection, number>>): Promise<void>
}

export function createHomePublisher(deps: {
  service: InventoryService
  api: SlackApi
  logger: Logger
}): HomePublisher {
  return {
    async publish(workspace, userId, limits = DEFAULT_HOME_LIMITS) {
      const snapshot = await deps.service.home(workspace.teamId, userId, limits)
      const view = homeView({ ...snapshot, userId, isAdmin: deps.service.isAdmin(userId), limits })
      await deps.api.call('views.publish', { user_id: userId, view }, workspace)
    },
  }
}
