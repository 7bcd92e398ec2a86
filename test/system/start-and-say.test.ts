import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { freePort, runNode, type Spawned, waitForReady } from '../helpers/processes.js'

let db: TestDatabase
let port: number
let bot: Spawned

beforeAll(async () => {
  db = await createTestDatabase()
  port = await freePort()
  // No Slack settings: local mode, exactly what a newcomer gets from `npm start`.
  bot = runNode('dist/main.js', [], { DATABASE_URL: db.url, PORT: String(port), SHUTDOWN_GRACE_MS: '3000' })
  await waitForReady(`http://127.0.0.1:${port}/readyz`)
})
afterAll(async () => {
  if (bot.child.exitCode === null) bot.child.kill('SIGKILL')
  await db.drop()
})

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 })
    const done = (connected: boolean) => {
      socket.destroy()
      resolve(connected)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })

const say = async (text: string) => {
  const run = runNode('dist/cli/say.js', [text], { PORT: String(port) })
  return { code: await run.exited, output: run.output() }
}

describe('npm start in local mode, driven by npm run say', () => {
  it('logs that it runs in local mode with the documented signing secret', () => {
    expect(bot.output()).toContain('local mode')
    expect(bot.output()).toContain('local-signing-secret')
  })

  it('answers this machine only: its signing secret is public', async () => {
    expect(bot.output()).toMatch(/"host":"127\.0\.0\.1".*local/)
    // Where the machine has an address besides loopback, the bot is not reachable on it.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a?.address as string)
    for (const address of others) expect(await reachable(address, port), address).toBe(false)
    expect(await reachable('127.0.0.1', port)).toBe(true)
  })

  it('prints the answer and exits 0', async () => {
    expect(await say('new WIDGET Blue widget')).toMatchObject({
      code: 0,
      output: expect.stringContaining('created WIDGET'),
    })
    const receipt = await say('receive WIDGET 5')
    expect(receipt.output).toContain('[Undo]')
    expect(receipt.output).not.toContain('[object Object]')
    expect(receipt.code).toBe(0)
    expect(receipt.output).toMatch(
      /#1 @U0LOCAL received 5 WIDGET Blue widget at main — now 5 on hand at main/,
    )
  })

  it('exits non-zero when the answer is an error', async () => {
    const refused = await say('issue WIDGET 9')
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('only 5 available at main')
  })

  it('exits 2 with a hint when no bot is listening', async () => {
    const run = runNode('dist/cli/say.js', ['help'], { PORT: String(await freePort()) })
    expect(await run.exited).toBe(2)
    expect(run.output()).toContain('Is it running?')
  })

  it('drains and exits 0 on SIGTERM, readiness first', async () => {
    bot.child.kill('SIGTERM')
    expect(await bot.exited).toBe(0)
    expect(bot.output()).toContain('stopped cleanly')
  })
})

describe('a bad environment', () => {
  it('stops the process with one line per problem, naming each variable', async () => {
    const run = runNode('dist/main.js', [], {
      PORT: 'eighty',
      SLACK_BOT_TOKEN: 'xoxb-1',
      DATABASE_URL: 'mysql://nope',
    })
    expect(await run.exited).toBe(1)
    const output = run.output()
    expect(output).toMatch(/^ {2}PORT: /m)
    expect(output).toMatch(/^ {2}SLACK_SIGNING_SECRET: is required/m)
    expect(output).toMatch(/^ {2}DATABASE_URL: must be a postgres/m)
    expect(output).not.toMatch(/\bat .*\.js:\d+/)
  })
})
