import type { Logger } from '../logger.js'
import { type SlackApi, type Workspace, workspaceOf } from './webapi.js'

/** How long Slack's answer is believed: a person made or unmade an admin in Slack counts within this. */
export const SLACK_ADMIN_TTL_MS = 5 * 60_000
/** A failed lookup is not asked again for this long (Slack down must not slow every ack). */
const FAILURE_TTL_MS = 30_000
/** A lookup never holds up an ack longer than this: past it, the person is taken for a member. */
const LOOKUP_TIMEOUT_MS = 1_000
/** People remembered per process. */
const MAX_ENTRIES = 10_000

/** Whether Slack says someone owns or administers their workspace. */
export interface SlackAdmins {
  isAdmin(workspace: Workspace, userId: string): Promise<boolean>
}

/**
 * Slack's own workspace owners and admins (users.info: is_owner, is_admin),
 * the first admins of the inventory. Looked up by the bot when it accepts a
 * request and carried in the command (`slackAdmin`), so that a worker applies
 * it without asking Slack. Remembered per process for SLACK_ADMIN_TTL_MS; a
 * lookup that fails or takes longer than LOOKUP_TIMEOUT_MS counts as "not an
 * admin" (the person keeps what a grant or the default role gives them).
 */
export function createSlackAdmins(deps: {
  api: SlackApi
  logger: Logger
  clock?: () => number
}): SlackAdmins {
  const now = deps.clock ?? Date.now
  const known = new Map<string, { admin: Promise<boolean>; until: number }>()

  function lookUp(key: string, workspace: Workspace, userId: string): Promise<boolean> {
    const asked = deps.api.call('users.info', { user: userId }, workspace).then(
      (answer) => {
        const user = (answer.user ?? {}) as { is_owner?: unknown; is_admin?: unknown }
        return user.is_owner === true || user.is_admin === true
      },
      (err) => {
        deps.logger.warn({ err, userId }, 'users.info failed: taken for a member for now')
        const entry = known.get(key)
        if (entry) entry.until = Math.min(entry.until, now() + FAILURE_TTL_MS)
        return false
      },
    )
    if (known.size >= MAX_ENTRIES) known.delete(known.keys().next().value as string)
    known.set(key, { admin: asked, until: now() + SLACK_ADMIN_TTL_MS })
    return asked
  }

  return {
    async isAdmin(workspace, userId) {
      const key = `${workspace.teamId}:${userId}`
      const entry = known.get(key)
      const admin = entry && entry.until > now() ? entry.admin : lookUp(key, workspaceOf(workspace), userId)
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          deps.logger.warn({ userId }, 'users.info is slow: taken for a member for now')
          resolve(false)
        }, LOOKUP_TIMEOUT_MS)
      })
      try {
        return await Promise.race([admin, late])
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
