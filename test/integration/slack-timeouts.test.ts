import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { HTTP_TIMEOUT_MS: '200' } })
  await bot.answer('new QUIET Quiet part')
})
afterAll(() => bot.stop())

describe('a response_url that never answers', () => {
  it('is given up after HTTP_TIMEOUT_MS per attempt, and the answer goes through the Web API', async () => {
    const responseId = 'quiet-response-url'
    bot.slack.reply(responseId, ...Array.from({ length: 4 }, () => ({ delayMs: 10_000 })))
    const click = await bot.click('movement.undo', '999', { responseId })
    expect(click.status).toBe(200)
    const [posted] = await bot.slack.waitFor({ kind: 'api', name: 'chat.postEphemeral' }, 1, 8_000)
    expect(String(posted?.body.text)).toContain('There is no movement #999')
    // Four attempts given up after 200 ms each (the fallback came within 8 s, not after four of 10 s).
    expect(bot.slack.calls({ kind: 'response', name: responseId })).toHaveLength(4)
  })
})
