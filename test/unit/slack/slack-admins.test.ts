import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src/logger.js'
import { createSlackAdmins, SLACK_ADMIN_TTL_MS } from '../../../src/slack/slack-admins.js'

/** A Web API whose users.info answers from `answers` (or never, or with an error), counting calls. */
function api(answer: (user: string) => Promise<Record<string, unknown>>) {
  const asked: string[] = []
  return {
    asked,
    api: {
      async call(method: string, args: Record<string, unknown>, workspace: { teamId: string }) {
        expect(workspace.teamId).toBe('T1')
        expect(method).toBe('users.info')
        asked.push(String(args.user))
        return answer(String(args.user))
      },
    },
  }
}
const logger = createLogger('silent')
const T1 = { teamId: 'T1' }

describe('Slack’s own admins (users.info)', () => {
  it('are owners and admins, asked once and remembered until the time is up', async () => {
    let now = 0
    const slack = api(async (user) => ({
      ok: true,
      user: { is_owner: user === 'UOWN', is_admin: user === 'UADM' },
    }))
    const admins = createSlackAdmins({ api: slack.api, logger, clock: () => now })
    expect(await admins.isAdmin(T1, 'UOWN')).toBe(true)
    expect(await admins.isAdmin(T1, 'UADM')).toBe(true)
    expect(await admins.isAdmin(T1, 'UMEM')).toBe(false)
    expect(await admins.isAdmin(T1, 'UOWN')).toBe(true)
    expect(slack.asked).toEqual(['UOWN', 'UADM', 'UMEM'])
    now += SLACK_ADMIN_TTL_MS + 1
    await admins.isAdmin(T1, 'UOWN')
    expect(slack.asked).toEqual(['UOWN', 'UADM', 'UMEM', 'UOWN'])
  })

  it('takes someone for a member when Slack fails, or does not answer', async () => {
    const failing = api(async () => {
      throw new Error('ratelimited')
    })
    expect(await createSlackAdmins({ api: failing.api, logger }).isAdmin(T1, 'UOWN')).toBe(false)
    // A call that never answers: the lookup still answers (after its one-second limit).
    const slow = api(() => new Promise(() => {}))
    expect(await createSlackAdmins({ api: slow.api, logger }).isAdmin(T1, 'UOWN')).toBe(false)
  })
})
