import { describe, expect, it } from 'vitest'
import { ConfigError, LOCAL_SIGNING_SECRET, loadConfig } from '../../src/config.js'

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('loadConfig', () => {
  it('runs in local mode with no settings at all', () => {
    const config = loadConfig({})
    expect(config.slack).toMatchObject({
      mode: 'local',
      signingSecret: LOCAL_SIGNING_SECRET,
      botToken: undefined,
    })
    expect(config.port).toBe(3000)
    expect(config.database.url).toBeUndefined()
    expect(Object.isFrozen(config.slack)).toBe(true)
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.url).toBeUndefined()
  })

  it('lists every problem, one per variable', () => {
    const found = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      ADMIN_USERS: 'alice',
      ACK_BUDGET_MS: '5000',
    })
    expect(found).toHaveLength(4)
    expect(found.join('\n')).toMatch(/^PORT: /m)
    expect(found.join('\n')).toMatch(/^DATABASE_URL: must be a postgres/m)
    expect(found.join('\n')).toMatch(/^ADMIN_USERS: must be Slack user ids/m)
    expect(found.join('\n')).toMatch(/^ACK_BUDGET_MS: /m)
  })

  it('refuses a half-configured Slack, naming the missing variable', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: is required/),
    ])
    expect(problems({ SLACK_SIGNING_SECRET: 'abcdefgh12' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: is required/),
    ])
  })

  it('runs over Socket Mode with an app-level token and the bot token, no signing secret needed', () => {
    const config = loadConfig({ SLACK_APP_TOKEN: 'xapp-1-A1-abc', SLACK_BOT_TOKEN: 'xoxb-1' })
    expect(config.slack).toMatchObject({ mode: 'slack', transport: 'socket', appToken: 'xapp-1-A1-abc' })
    expect(
      loadConfig({ SLACK_SIGNING_SECRET: 'abcdefgh12', SLACK_BOT_TOKEN: 'xoxb-1' }).slack.transport,
    ).toBe('http')
    expect(
      problems({ SLACK_APP_TOKEN: 'xapp-1', NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-1' }),
    ).toEqual([])
  })

  it('refuses an app-level token without the bot token, and lists that with every other problem', () => {
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: is required with SLACK_APP_TOKEN/),
    ])
    expect(problems({ SLACK_APP_TOKEN: 'xoxb-wrong-kind', PORT: 'x' })).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^SLACK_APP_TOKEN: must be an app-level token \(xapp-…\)/),
      expect.stringMatching(/^SLACK_BOT_TOKEN: is required with SLACK_APP_TOKEN/),
    ])
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toContain(
      'or SLACK_APP_TOKEN instead, for Socket Mode',
    )
  })

  describe('OAuth installs', () => {
    const key = Buffer.alloc(32, 1).toString('base64')
    const oauth = {
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret-0123456789',
      INSTALLATION_ENCRYPTION_KEY: key,
    }

    it('run with the client settings and the key, no bot token, over HTTP or Socket Mode', () => {
      const http = loadConfig({ ...oauth, SLACK_SIGNING_SECRET: 'abcdefgh12' })
      expect(http.slack).toMatchObject({ mode: 'slack', transport: 'http', botToken: undefined })
      expect(http.slack.oauth).toEqual({
        clientId: '123.456',
        clientSecret: 'client-secret',
        stateSecret: 'state-secret-0123456789',
      })
      expect(http.encryptionKeys).toEqual([key])
      expect(loadConfig({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' }).slack.transport).toBe('socket')
      expect(
        loadConfig({ SLACK_SIGNING_SECRET: 'abcdefgh12', SLACK_BOT_TOKEN: 'xoxb-1' }).slack.oauth,
      ).toBeUndefined()
    })

    it('refuse to start without the key that encrypts their tokens', () => {
      const { INSTALLATION_ENCRYPTION_KEY: _key, ...withoutKey } = oauth
      expect(problems({ ...withoutKey, SLACK_SIGNING_SECRET: 'abcdefgh12' })).toEqual([
        expect.stringMatching(/^INSTALLATION_ENCRYPTION_KEY: is required with OAuth installs/),
      ])
      expect(
        problems({ ...oauth, INSTALLATION_ENCRYPTION_KEY: 'too-short', SLACK_SIGNING_SECRET: 'abcdefgh12' }),
      ).toEqual([expect.stringMatching(/^INSTALLATION_ENCRYPTION_KEY: must be 32-byte keys in base64/)])
    })

    it('list every missing or conflicting setting at once', () => {
      expect(problems({ SLACK_CLIENT_ID: '123.456', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
        expect.stringMatching(/^SLACK_CLIENT_SECRET: is required with OAuth installs/),
        expect.stringMatching(/^SLACK_STATE_SECRET: is required with OAuth installs/),
        expect.stringMatching(/^SLACK_BOT_TOKEN: must be unset with OAuth installs/),
        expect.stringMatching(/^INSTALLATION_ENCRYPTION_KEY: is required/),
        expect.stringMatching(/^SLACK_SIGNING_SECRET: is required .*or SLACK_APP_TOKEN/),
      ])
    })

    it('take several keys for a rotation: the first encrypts', () => {
      const next = Buffer.alloc(32, 2).toString('base64')
      expect(
        loadConfig({
          ...oauth,
          SLACK_SIGNING_SECRET: 'abcdefgh12',
          INSTALLATION_ENCRYPTION_KEY: `${next}, ${key}`,
        }).encryptionKeys,
      ).toEqual([next, key])
    })
  })

  it('requires SLACK_API_URL to end with a slash', () => {
    expect(problems({ SLACK_API_URL: 'http://localhost:9/api' })).toEqual([
      expect.stringMatching(/^SLACK_API_URL: must end/),
    ])
  })

  it('keeps request keys 30 days by default, and never less than a day (Slack’s retry windows)', () => {
    expect(loadConfig({}).retentionDays).toBe(30)
    expect(loadConfig({ RETENTION_DAYS: '1' }).retentionDays).toBe(1)
    for (const days of ['0', '-3', '0.5', 'forever'])
      expect(problems({ RETENTION_DAYS: days })).toEqual([
        expect.stringMatching(
          /^RETENTION_DAYS: must be a whole number of days from 1 .*never shorter than Slack/,
        ),
      ])
  })

  it('takes half the pool in changes at once by default, and never the whole pool (reads need some)', () => {
    expect(loadConfig({}).maxChangesInFlight).toBe(5)
    expect(loadConfig({ DB_POOL_SIZE: '3' }).maxChangesInFlight).toBe(1)
    expect(loadConfig({ DB_POOL_SIZE: '2' }).maxChangesInFlight).toBe(1)
    expect(problems({ DB_POOL_SIZE: '1' })).toEqual([expect.stringMatching(/^DB_POOL_SIZE: /)])
    expect(loadConfig({ DB_POOL_SIZE: '20', MAX_CHANGES_IN_FLIGHT: '19' }).maxChangesInFlight).toBe(19)
    expect(problems({ MAX_CHANGES_IN_FLIGHT: '10' })).toEqual([
      'MAX_CHANGES_IN_FLIGHT: must be less than DB_POOL_SIZE (10), so that reads find a connection while changes are at the bound',
    ])
    expect(problems({ DB_POOL_SIZE: '4', MAX_CHANGES_IN_FLIGHT: '6' })).toEqual([
      expect.stringMatching(/^MAX_CHANGES_IN_FLIGHT: must be less than DB_POOL_SIZE \(4\)/),
    ])
    for (const bad of ['0', '2.5', 'lots', '200'])
      expect(problems({ MAX_CHANGES_IN_FLIGHT: bad })).toEqual([
        'MAX_CHANGES_IN_FLIGHT: must be a whole number from 1 to 199',
      ])
  })

  it('parses admins', () => {
    expect(loadConfig({ ADMIN_USERS: 'U123ABC, W456DEF' }).adminUsers).toEqual(['U123ABC', 'W456DEF'])
  })
})

describe('.env.example', () => {
  it('documents every setting the bot reads, and nothing else', async () => {
    const { readFile } = await import('node:fs/promises')
    const { CONFIG_VARIABLES } = await import('../../src/config.js')
    const documented = (await readFile('.env.example', 'utf8'))
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0])
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort())
  })
})

describe('local mode in production', () => {
  it('is refused: it would accept requests signed with a public secret', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: is required in production/),
    ])
    expect(
      problems({ NODE_ENV: 'production', SLACK_SIGNING_SECRET: 'abcdefgh12', SLACK_BOT_TOKEN: 'xoxb-1' }),
    ).toEqual([])
  })
})
