import { asAppError } from '../errors.js'
import type { Logger } from '../logger.js'
import { countCommand, outcomeLabel } from '../metrics.js'
import { type AdminAction, type Command, isAdmin, isChange, isRead } from './commands.js'
import type { Outcome } from './results.js'
import type { InventoryService } from './service.js'

/** Runs a command to its outcome; never throws (a failure becomes an error outcome, and is logged). */
export type Executor = (command: Command) => Promise<Outcome>

/** Where an export's file goes (the Slack side uploads it to the command's channel, a private one to the person). */
export interface FileSink {
  upload(
    command: Command,
    file: { filename: string; title: string; csv: string; private?: boolean },
  ): Promise<void>
}

/**
 * The in-process executor: a read is answered by the service (an export's file
 * uploaded before the answer), `/inventory dlq` by the admin handler, a change
 * applied by the service; reads and admin actions that need more than a viewer
 * are checked first (`service.authorize`), changes where they are applied. Queue mode's workers apply changes with the service directly.
 */
export function makeExecutor(deps: {
  service: Pick<InventoryService, 'read' | 'apply' | 'authorize'>
  /** `/inventory dlq …`: the operators' tool (it refuses when queue mode is off). */
  admin: (command: Command, action: AdminAction) => Promise<Outcome>
  files: FileSink
  logger: Logger
}): Executor {
  async function attempt(command: Command): Promise<Outcome> {
    try {
      const { action } = command
      // A change is checked where it is applied; a read or an admin action here.
      const refused = isChange(action) ? undefined : await deps.service.authorize(command)
      if (refused) return refused
      if (isRead(action)) {
        const outcome = await deps.service.read({ ...command, action })
        if (outcome.ok && outcome.result.kind === 'export') await deps.files.upload(command, outcome.result)
        return outcome
      }
      if (isAdmin(action)) return await deps.admin(command, action)
      return await deps.service.apply({ ...command, action })
    } catch (error) {
      const appError = asAppError(error)
      deps.logger.error(
        { err: error, requestId: command.requestId, verb: command.action.verb },
        'command failed',
      )
      return { ok: false, code: appError.code, details: appError.details }
    }
  }

  return async (command) => {
    const outcome = await attempt(command)
    countCommand(command.action.verb, outcomeLabel(outcome))
    return outcome
  }
}
