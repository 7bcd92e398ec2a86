import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { type InstallURLOptions, InvalidStateError, type StateStore } from '@slack/oauth'
import type pg from 'pg'
import { saveOAuthState, takeOAuthState } from '../../db/repositories/installations.js'

/** How long an install may take from "Add to Slack" to the redirect back. */
export const STATE_TTL_SECONDS = 600

/**
 * The `state` of an install, as @slack/oauth asks for it: a random id signed
 * with SLACK_STATE_SECRET, kept in Postgres (any bot may receive the redirect)
 * and used up there. A state that was altered is refused by its signature; one
 * used before, or older than 10 minutes, is refused because its row is gone.
 */
export function createStateStore(pool: pg.Pool, stateSecret: string): StateStore {
  const sign = (id: string) => createHmac('sha256', stateSecret).update(id).digest('base64url')
  return {
    async generateStateParam(installOptions) {
      const id = randomBytes(18).toString('base64url')
      await saveOAuthState(pool, id, { ...installOptions }, STATE_TTL_SECONDS)
      return `${id}.${sign(id)}`
    },
    async verifyStateParam(_now, state) {
      const [id = '', signature = ''] = state.split('.')
      const expected = Buffer.from(sign(id))
      const given = Buffer.from(signature)
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new InvalidStateError('The state was not issued by this app (it was altered).')
      const options = await takeOAuthState(pool, id)
      if (!options) throw new InvalidStateError('The state was used already, or has expired.')
      return options as unknown as InstallURLOptions
    },
  }
}
