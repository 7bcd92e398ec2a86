import { Agent } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { buildSlashCommand } from '../helpers/payloads.js'
import { form, postSigned } from '../helpers/signed.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot()
})
afterAll(() => bot.stop())

const command = (text: string) => form(buildSlashCommand({ text }))
const TWO_MB = 2 * 1024 * 1024

describe('an oversized body', () => {
  it.each([
    ['with its length declared', {}],
    ['sent in chunks, with no length', { 'transfer-encoding': 'chunked' }],
  ])(
    '%s is refused with 413, and the keep-alive agent serves the next three requests at once',
    async (_, headers) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      const post = (body: string, extra: Record<string, string> = {}) =>
        postSigned(bot.url, body, { agent, timeoutMs: 5_000, headers: extra })
      try {
        expect((await post(command('help'))).status).toBe(200)
        const huge = await post(command(`find ${'x'.repeat(TWO_MB)}`), headers)
        expect(huge.status).toBe(413)
        expect(huge.json).toEqual({ error: 'body too large' })
        for (const text of ['help', 'locations', 'help']) {
          const after = await post(command(text))
          expect(after.status).toBe(200)
          expect(after.elapsedMs).toBeLessThan(3_000)
        }
      } finally {
        agent.destroy()
      }
    },
  )
})
