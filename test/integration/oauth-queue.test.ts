import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORKING_ON_IT } from '../../src/slack/wording/index.js'
import type { RunningWorker } from '../../src/start-worker.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { install } from '../helpers/oauth.js'
import { deleteQueues, queueEnv, startTestWorker, uniquePrefix } from '../helpers/queue.js'

const prefix = uniquePrefix('oauth')
let bot: TestBot
let worker: RunningWorker
beforeAll(async () => {
  bot = await startTestBot({ oauth: true, env: queueEnv(prefix) })
  worker = await startTestWorker({ db: bot.db, slack: bot.slack, env: queueEnv(prefix), oauth: true })
  await install(bot.baseUrl, bot.slack, { team: 'T0001', token: 'xoxb-one' })
  await install(bot.baseUrl, bot.slack, { team: 'T0002', token: 'xoxb-two' })
})
afterAll(async () => {
  await worker.stop()
  await bot.stop()
  await deleteQueues(prefix)
})

describe('OAuth installs in queue mode', () => {
  it('a worker answers each workspace with that workspace’s token, from the same store', async () => {
    for (const [team, token] of [
      ['T0001', 'xoxb-one'],
      ['T0002', 'xoxb-two'],
    ] as const) {
      await bot.answer(`new Q${team} Queued part`, { team_id: team })
      // The response_url has expired: the worker falls back to the Web API, with the workspace's token.
      bot.slack.reply(`expired-${team}`, { status: 404, body: { ok: false, error: 'expired_url' } })
      const reply = await bot.command(`receive Q${team} 2`, {
        team_id: team,
        response_url: bot.slack.responseUrl(`expired-${team}`),
      })
      expect(reply.ack.text).toBe(WORKING_ON_IT)
      const posts = await bot.slack.waitFor(
        { kind: 'api', name: 'chat.postMessage' },
        team === 'T0001' ? 1 : 2,
      )
      const post = posts.at(-1)
      expect(String(post?.body.text)).toMatch(new RegExp(`received 2 Q${team}`))
      expect(post?.token).toBe(token)
    }
  })
})
