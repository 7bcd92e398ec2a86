import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js'

let slack: SlackStandIn
let bot: TestBot
beforeAll(async () => {
  slack = await startSlackStandIn()
  slack.reply('auth.test', ...Array.from({ length: 20 }, () => ({ status: 500 })))
  bot = await startTestBot({ slack })
})
afterAll(async () => {
  await bot.stop()
  await slack.close()
})

describe('when Slack’s auth.test fails', () => {
  it('keeps running and answers commands', async () => {
    await slack.waitFor({ kind: 'api', name: 'auth.test' })
    expect((await bot.answer('help')).text).toContain('/inventory')
    expect((await bot.answer('new AUTH Part')).text).toContain('created AUTH')
  })
})
