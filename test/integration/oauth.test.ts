import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenCipher } from '../../src/slack/oauth/cipher.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { captureLogs } from '../helpers/logs.js'
import {
  finishInstall,
  install,
  OTHER_ENCRYPTION_KEY,
  oauthAccess,
  startInstall,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_ENCRYPTION_KEY,
} from '../helpers/oauth.js'
import { buildEvent } from '../helpers/payloads.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ oauth: true, env: { ADMIN_USERS: 'UADMIN' } })
})
afterAll(() => bot.stop())

const apiCalls = () => bot.slack.calls({ kind: 'api' })
/**
 * The Web API calls made while `work` ran (and its follow-ups settled), install calls left out.
 * Waits until every call named in `expected` has arrived (follow-ups such as the Home's publish
 * run after the ack), then a little longer for any call that should not be there.
 */
async function callsDuring(work: () => Promise<unknown>, expected: string[] = []) {
  const before = apiCalls().length
  const made = () =>
    apiCalls()
      .slice(before)
      .filter((c) => c.name !== 'oauth.v2.access')
  await work()
  await bot.settled()
  const count = (names: string[], name: string) => names.filter((n) => n === name).length
  await eventually(() => {
    const names = made().map((c) => c.name)
    return expected.every((name) => count(names, name) >= count(expected, name))
  })
  await new Promise((resolve) => setTimeout(resolve, 200))
  return made()
}
const homeOpened = (team: string, user: string, extra: Record<string, unknown> = {}) => ({
  ...buildEvent({ team, event: { type: 'app_home_opened', user, channel: 'D0001', tab: 'home' } }),
  ...extra,
})
const installation = async (where: string) => {
  const { rows } = await bot.db.pool.query(
    'SELECT * FROM installations WHERE (team_id = $1 AND NOT is_enterprise_install) OR (enterprise_id = $1 AND is_enterprise_install)',
    [where],
  )
  return rows[0]
}

describe('installing the app (OAuth)', () => {
  it('serves "Add to Slack" with the bot scopes and a state bound to this browser', async () => {
    const started = await startInstall(bot.baseUrl)
    expect(started.status).toBe(200)
    expect(started.html).toContain('Add to Slack')
    expect(started.authorize.searchParams.get('client_id')).toBe(TEST_CLIENT_ID)
    expect(started.authorize.searchParams.get('scope')?.split(',').sort()).toEqual([
      'chat:write',
      'commands',
      'files:write',
      'im:write',
      'users:read',
    ])
    expect(started.state).toMatch(/^[\w-]+\.[\w-]+$/)
    expect(started.cookie).toBe(`slack-app-oauth-state=${started.state}`)
  })

  it('exchanges the code, stores the installation sealed, and answers the workspace with its token', async () => {
    const started = await startInstall(bot.baseUrl)
    bot.slack.reply('oauth.v2.access', { body: oauthAccess({ team: 'T0001', token: 'xoxb-one' }) })
    const finished = await finishInstall(
      bot.baseUrl,
      { code: 'code-1', state: started.state },
      started.cookie,
    )
    expect(finished.status).toBe(200)
    const [exchange] = bot.slack.calls({ kind: 'api', name: 'oauth.v2.access' }).slice(-1)
    expect(exchange?.body).toMatchObject({
      code: 'code-1',
      client_id: TEST_CLIENT_ID,
      client_secret: TEST_CLIENT_SECRET,
    })
    const row = await installation('T0001')
    expect(row).toMatchObject({
      team_id: 'T0001',
      is_enterprise_install: false,
      bot_user_id: 'UBOT',
      revoked_at: null,
    })
    expect(row.secrets).not.toContain('xoxb')

    const calls = await callsDuring(
      () => bot.event(homeOpened('T0001', 'U0001')),
      ['users.info', 'views.publish'],
    )
    // Who opened it (users.info: an admin of the workspace?), then their Home, both with its token.
    expect(calls.map((c) => [c.name, c.token])).toEqual([
      ['users.info', 'xoxb-one'],
      ['views.publish', 'xoxb-one'],
    ])
  })

  it('refuses a state that was altered, used already, or is not this browser’s, exchanging no code', async () => {
    const exchanges = () => bot.slack.calls({ kind: 'api', name: 'oauth.v2.access' }).length
    const before = exchanges()
    const started = await startInstall(bot.baseUrl)
    const [id, signature] = started.state.split('.') as [string, string]
    const altered = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${signature}`
    const tampered = await finishInstall(
      bot.baseUrl,
      { code: 'code-x', state: altered },
      `slack-app-oauth-state=${altered}`,
    )
    expect(tampered.status).toBe(400)
    expect(tampered.html).toContain('was not installed')
    expect((await finishInstall(bot.baseUrl, { code: 'code-x', state: started.state })).status).toBe(400)
    expect(exchanges()).toBe(before)

    bot.slack.reply('oauth.v2.access', { body: oauthAccess({ team: 'T0009', token: 'xoxb-nine' }) })
    expect(
      (await finishInstall(bot.baseUrl, { code: 'code-9', state: started.state }, started.cookie)).status,
    ).toBe(200)
    const replayed = await finishInstall(
      bot.baseUrl,
      { code: 'code-9', state: started.state },
      started.cookie,
    )
    expect(replayed.status).toBe(400)
    expect(replayed.html).toContain('used already')
    expect(exchanges()).toBe(before + 1)
    expect(await installation('T0009')).toBeDefined()
  })
})

describe('many workspaces', () => {
  beforeAll(async () => {
    await install(bot.baseUrl, bot.slack, { team: 'T0002', token: 'xoxb-two' })
    await install(bot.baseUrl, bot.slack, { enterprise: 'E0001', token: 'xoxb-org' })
  })

  it('answers each workspace with its own token on every Web API call, and keeps their data apart', async () => {
    for (const [team, token] of [
      ['T0001', 'xoxb-one'],
      ['T0002', 'xoxb-two'],
    ] as const) {
      const calls = await callsDuring(async () => {
        expect((await bot.answer(`new P${team} Part of ${team}`, { team_id: team })).text).toContain(
          `P${team}`,
        )
        const reply = await bot.command(`receive P${team} 3`, { team_id: team })
        expect(reply.ack.text).toMatch(/now 3 on hand/)
        await bot.command('new', { team_id: team })
        await bot.event(homeOpened(team, 'U0001'))
      }, ['views.open', 'views.publish'])
      // The form, and the App Home (opened, then refreshed after the person's change); and who asks
      // (users.info), unless the bot still remembers them.
      expect(new Set(calls.map((c) => c.name).filter((name) => name !== 'users.info'))).toEqual(
        new Set(['views.open', 'views.publish']),
      )
      expect(calls.filter((c) => c.token !== token)).toEqual([])
      expect((await bot.answer(`find P`, { team_id: team })).text).not.toContain(
        team === 'T0001' ? 'PT0002' : 'PT0001',
      )
    }
  })

  it('serves every workspace of an org-wide install with the org’s token', async () => {
    for (const team of ['T0E01', 'T0E02']) {
      const calls = await callsDuring(async () => {
        const fields = { team_id: team, enterprise_id: 'E0001', is_enterprise_install: 'true' }
        expect((await bot.answer(`new ORG${team} Org part`, fields)).text).toContain(`ORG${team}`)
        await bot.command('new', fields)
        await bot.event(
          homeOpened(team, 'U0001', {
            enterprise_id: 'E0001',
            authorizations: [{ enterprise_id: 'E0001', team_id: null, is_enterprise_install: true }],
          }),
        )
      }, ['users.info', 'views.open', 'views.publish'])
      expect(calls.map((c) => [c.name, c.token]).sort()).toEqual([
        ['users.info', 'xoxb-org'],
        ['views.open', 'xoxb-org'],
        ['views.publish', 'xoxb-org'],
      ])
    }
    const { rows } = await bot.db.pool.query(
      `SELECT team_id FROM items WHERE sku LIKE 'ORG%' ORDER BY team_id`,
    )
    expect(rows).toEqual([{ team_id: 'T0E01' }, { team_id: 'T0E02' }])
  })

  it('forgets a workspace’s tokens when the app is uninstalled; its data stays, the others are served', async () => {
    await bot.event(buildEvent({ team: 'T0002', event: { type: 'app_uninstalled' } }))
    await eventually(async () => (await installation('T0002')).secrets === null)
    expect((await installation('T0002')).revoked_at).not.toBeNull()
    const calls = await callsDuring(async () => {
      const reply = await bot.command('stock PT0002', { team_id: 'T0002' })
      expect(reply.status).toBe(200)
      expect(reply.body).toBe('')
      await bot.event(homeOpened('T0002', 'U0001'))
    })
    expect(calls).toEqual([])
    const { rows } = await bot.db.pool.query(`SELECT sku FROM items WHERE team_id = 'T0002'`)
    expect(rows).toEqual([{ sku: 'PT0002' }])
    expect((await bot.answer('stock PT0001', { team_id: 'T0001' })).text).toMatch(/^PT0001/)
    const { rows: audit } = await bot.db.pool.query(
      `SELECT actor, details FROM audit_log WHERE team_id = 'T0002' AND action = 'installation.revoke'`,
    )
    expect(audit).toEqual([
      { actor: 'system', details: { event: 'app_uninstalled', isEnterpriseInstall: false } },
    ])
  })

  it('forgets them when the bot’s tokens are revoked (not for user tokens), and a reinstall brings them back', async () => {
    await bot.event(
      buildEvent({ team: 'T0001', event: { type: 'tokens_revoked', tokens: { oauth: ['U0001'] } } }),
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await installation('T0001')).secrets).not.toBeNull()
    await bot.event(
      buildEvent({ team: 'T0001', event: { type: 'tokens_revoked', tokens: { bot: ['UBOT'] } } }),
    )
    await eventually(async () => (await installation('T0001')).secrets === null)
    expect(await callsDuring(() => bot.event(homeOpened('T0001', 'U0001')))).toEqual([])

    await install(bot.baseUrl, bot.slack, { team: 'T0001', token: 'xoxb-one-again' })
    const calls = await callsDuring(() => bot.event(homeOpened('T0001', 'U0001')), ['views.publish'])
    expect(calls.map((c) => [c.name, c.token])).toEqual([['views.publish', 'xoxb-one-again']])
  })

  it('keeps tokens unreadable in the database without the key', async () => {
    const { rows } = await bot.db.pool.query('SELECT id, team_id, enterprise_id, secrets FROM installations')
    const sealed = rows.filter((r) => r.secrets)
    expect(sealed.length).toBeGreaterThanOrEqual(2)
    for (const row of sealed) expect(row.secrets).not.toMatch(/xox[bep]-/)
    const dump = JSON.stringify(
      (await bot.db.pool.query('SELECT * FROM installations')).rows.concat(
        (await bot.db.pool.query('SELECT * FROM audit_log')).rows,
      ),
    )
    expect(dump).not.toMatch(/xoxb-(one|two|org)/)
    const org = sealed.find((r) => r.enterprise_id === 'E0001' && !r.team_id)
    const right = createTokenCipher([TEST_ENCRYPTION_KEY])
    expect(right.open(org.secrets, 'installation:E:E0001').botToken).toBe('xoxb-org')
    expect(() =>
      createTokenCipher([OTHER_ENCRYPTION_KEY]).open(org.secrets, 'installation:E:E0001'),
    ).toThrow()
    // Sealed for one installation, useless on another's row.
    expect(() => right.open(org.secrets, 'installation:T:T0001')).toThrow()
  })

  it('a bot given the wrong key says so at start, and serves no workspace whose token it cannot read', async () => {
    const logs = captureLogs()
    const wrong = await startTestBot({
      oauth: true,
      db: bot.db,
      slack: bot.slack,
      logs,
      env: { LOG_LEVEL: 'warn', INSTALLATION_ENCRYPTION_KEY: OTHER_ENCRYPTION_KEY },
    })
    try {
      expect(logs.text()).toContain('sealed with a key INSTALLATION_ENCRYPTION_KEY does not list')
      const before = apiCalls().length
      expect((await wrong.command('new', { team_id: 'T0001' })).body).toBe('')
      expect(logs.text()).toContain('could not read the token of the installation serving a payload')
      expect(apiCalls().slice(before)).toEqual([])
    } finally {
      await wrong.stop()
    }
  })
})

describe('token rotation', () => {
  it('refreshes a token about to expire once, even under concurrent calls, and uses the new one', async () => {
    await install(bot.baseUrl, bot.slack, {
      team: 'T0ROT',
      token: 'xoxe.xoxb-old',
      refreshToken: 'xoxe-1-first',
      expiresInSeconds: 3_600, // within the two hours before expiry in which a token is refreshed
    })
    const refreshes = () =>
      bot.slack
        .calls({ kind: 'api', name: 'oauth.v2.access' })
        .filter((c) => c.body.grant_type === 'refresh_token')
    bot.slack.reply('oauth.v2.access', {
      delayMs: 300,
      body: {
        ok: true,
        token_type: 'bot',
        access_token: 'xoxe.xoxb-new',
        refresh_token: 'xoxe-1-second',
        expires_in: 43_200,
      },
    })
    const during = await callsDuring(
      () => Promise.all(Array.from({ length: 5 }, (_, i) => bot.event(homeOpened('T0ROT', `UROT${i}`)))),
      ['views.publish'],
    )
    expect(refreshes()).toHaveLength(1)
    expect(refreshes()[0]?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'xoxe-1-first',
      client_id: TEST_CLIENT_ID,
    })
    // While one bot refreshed, the others went on with the token in hand (still valid).
    expect(during.filter((c) => c.name === 'views.publish').map((c) => c.token)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^xoxe\.xoxb-(old|new)$/)]),
    )
    const after = await callsDuring(
      () => bot.event(homeOpened('T0ROT', 'UROT9')),
      ['users.info', 'views.publish'],
    )
    expect(after.map((c) => [c.name, c.token])).toEqual([
      ['users.info', 'xoxe.xoxb-new'],
      ['views.publish', 'xoxe.xoxb-new'],
    ])
    expect(refreshes()).toHaveLength(1)
    const row = await installation('T0ROT')
    expect(row.token_expires_at.getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000)
    expect(row.secrets).not.toContain('xoxe')
  })
})

describe('an org-wide install', () => {
  it('is forgotten by the org’s app_uninstalled; a workspace with an install of its own is still served', async () => {
    await install(bot.baseUrl, bot.slack, { enterprise: 'E0002', token: 'xoxb-org-two' })
    await install(bot.baseUrl, bot.slack, { team: 'T0E21', enterprise: 'E0002', token: 'xoxb-own' })
    const fields = { team_id: 'T0E22', enterprise_id: 'E0002', is_enterprise_install: 'true' }
    expect((await bot.answer('help', fields)).text).toContain('/inventory')
    await bot.event({
      ...buildEvent({ team: 'T0E22', event: { type: 'app_uninstalled' } }),
      enterprise_id: 'E0002',
      authorizations: [{ enterprise_id: 'E0002', team_id: null, is_enterprise_install: true }],
    })
    await eventually(async () => (await installation('E0002')).secrets === null)
    expect((await bot.command('help', fields)).body).toBe('')
    const own = await callsDuring(
      () => bot.command('new', { team_id: 'T0E21', enterprise_id: 'E0002' }),
      ['users.info', 'views.open'],
    )
    expect(own.map((c) => [c.name, c.token])).toEqual([
      ['users.info', 'xoxb-own'],
      ['views.open', 'xoxb-own'],
    ])
  })
})

describe('OAuth installs over Socket Mode', () => {
  it('serves the install pages on PORT and every installed workspace over the socket, with its token', async () => {
    const socketBot = await startTestBot({ oauth: true, transport: 'socket' })
    try {
      await install(socketBot.baseUrl, socketBot.slack, { team: 'T0001', token: 'xoxb-socket-one' })
      await install(socketBot.baseUrl, socketBot.slack, { team: 'T0002', token: 'xoxb-socket-two' })
      for (const [team, token] of [
        ['T0001', 'xoxb-socket-one'],
        ['T0002', 'xoxb-socket-two'],
      ] as const) {
        expect((await socketBot.answer('new SOCK Socket part', { team_id: team })).text).toContain('SOCK')
        await socketBot.command('new', { team_id: team })
        const [opened] = (
          await socketBot.slack.waitFor({ kind: 'api', name: 'views.open' }, team === 'T0001' ? 1 : 2)
        ).slice(-1)
        expect(opened?.token).toBe(token)
      }
      expect((await socketBot.command('help', { team_id: 'T0404' })).body).toBe('')
      expect(socketBot.socket?.problems()).toEqual([])
    } finally {
      await socketBot.stop()
    }
  })
})
