import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.js'
import { createLogger } from '../../../src/logger.js'
import { createFiles } from '../../../src/playground/files.js'
import { localPlayground } from '../../../src/playground/index.js'
import { escapeCommandText } from '../../../src/playground/payloads.js'
import { BOT, PEOPLE } from '../../../src/playground/people.js'
import { respond } from '../../../src/playground/responses.js'
import { createViews } from '../../../src/playground/views.js'
import { callWebApi } from '../../../src/playground/web-api.js'
import { createWorkspace } from '../../../src/playground/workspace.js'

const logger = createLogger('silent')

function slack() {
  const workspace = createWorkspace(PEOPLE)
  const views = createViews(workspace.changed)
  const deps = { workspace, views, files: createFiles(), base: 'http://127.0.0.1:1/playground/' }
  return {
    workspace,
    views,
    call: (method: string, args: Record<string, unknown>) => callWebApi(method, args, deps),
  }
}

describe('localPlayground', () => {
  it('is on in local mode: the bot’s Web API points at it, with Sam as the admin by default', () => {
    const playground = localPlayground(loadConfig({ PORT: '4100' }), logger, {})
    expect(playground.config.slack).toMatchObject({
      mode: 'local',
      botToken: expect.stringMatching(/^xoxb-/),
      apiUrl: 'http://127.0.0.1:4100/playground/api/',
    })
    expect(playground.config.adminUsers).toEqual(['U0SAM'])
    expect(Object.keys(playground.routes)).toEqual(
      expect.arrayContaining(['GET /', 'POST /playground/api/*']),
    )
    expect(
      localPlayground(loadConfig({ PORT: '4100', ADMIN_USERS: 'U0JO' }), logger, {}).config.adminUsers,
    ).toEqual(['U0JO'])
  })

  it('shows each person’s role on the switcher once the bot can say it', async () => {
    const playground = localPlayground(loadConfig({ PORT: '4100' }), logger, {})
    const state = async () => {
      let body = ''
      const res = {
        writeHead: () => res,
        end: (text: string) => {
          body = text
        },
      }
      const req = { url: '/playground/state?user=U0JO&conversation=C0LOCAL', headers: {} }
      await playground.routes['GET /playground/state']?.(req as never, res as never)
      return (JSON.parse(body) as { people: { id: string; labels: string[] }[] }).people
    }
    expect((await state()).map((p) => p.labels)).toEqual([[], ['admin'], []])
    playground.showRoles(async (asker) =>
      asker.userId === 'U0JO'
        ? { role: 'clerk', locations: ['north', 'south'], source: 'grant' }
        : { role: asker.slackAdmin ? 'admin' : 'viewer', source: asker.slackAdmin ? 'slack' : 'default' },
    )
    expect((await state()).map((p) => p.labels)).toEqual([['admin'], ['viewer'], ['clerk at north, south']])
  })

  it('is off with Slack settings, in production, or without a fixed port', () => {
    const slackConfig = loadConfig({ SLACK_SIGNING_SECRET: 'a-real-secret', SLACK_BOT_TOKEN: 'xoxb-1' })
    const local = loadConfig({})
    for (const [config, env] of [
      [slackConfig, {}],
      [local, { NODE_ENV: 'production' }],
      [loadConfig({ PORT: '0' }), {}],
    ] as const) {
      const playground = localPlayground(config, logger, env)
      expect(playground.config).toBe(config)
      expect(playground.routes).toEqual({})
    }
  })
})

describe('the Web API the playground answers', () => {
  it('posts to a person’s DM when given their id, and refuses channels it does not know', () => {
    const { call, workspace } = slack()
    expect(call('chat.postMessage', { channel: 'U0JO', text: 'hi' })).toMatchObject({
      ok: true,
      channel: 'D0JO',
    })
    expect(workspace.visible('D0JO', 'U0JO')).toHaveLength(1)
    expect(call('chat.postMessage', { channel: 'C0NOWHERE', text: 'hi' })).toEqual({
      ok: false,
      error: 'channel_not_found',
    })
    expect(call('chat.postMessage', { channel: 'C0LOCAL' })).toEqual({ ok: false, error: 'no_text' })
    expect(call('chat.delete', {})).toEqual({ ok: false, error: 'unknown_method' })
  })

  it('updates the bot’s messages in place, but cannot find an ephemeral one', () => {
    const { call, workspace } = slack()
    const { ts } = call('chat.postMessage', { channel: 'C0LOCAL', text: 'v1' }) as { ts: string }
    expect(call('chat.update', { channel: 'C0LOCAL', ts, text: 'v2' })).toMatchObject({ ok: true, ts })
    expect(workspace.find('C0LOCAL', ts)).toMatchObject({ text: 'v2', rev: 2 })
    const { message_ts } = call('chat.postEphemeral', {
      channel: 'C0LOCAL',
      user: 'U0LOCAL',
      text: 'psst',
    }) as {
      message_ts: string
    }
    expect(workspace.visible('C0LOCAL', 'U0JO').map((m) => m.text)).toEqual(['v2'])
    expect(call('chat.update', { channel: 'C0LOCAL', ts: message_ts, text: 'x' })).toEqual({
      ok: false,
      error: 'message_not_found',
    })
  })

  it('says who owns the workspace (users.info) and opens a person’s direct messages', () => {
    const { call } = slack()
    expect(call('users.info', { user: 'U0LOCAL' })).toMatchObject({
      ok: true,
      user: { id: 'U0LOCAL', is_owner: true, is_admin: true },
    })
    expect(call('users.info', { user: 'U0JO' })).toMatchObject({
      ok: true,
      user: { id: 'U0JO', is_owner: false, is_admin: false },
    })
    expect(call('users.info', { user: 'U0NOBODY' })).toEqual({ ok: false, error: 'user_not_found' })
    expect(call('conversations.open', { users: 'U0JO' })).toEqual({ ok: true, channel: { id: 'D0JO' } })
  })

  it('opens one modal per trigger, refuses a stale hash and a fourth pushed view', () => {
    const { call, views } = slack()
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] }
    const trigger = views.trigger('U0LOCAL')
    const opened = call('views.open', { trigger_id: trigger, view: modal }) as {
      view: { id: string; hash: string }
    }
    expect(call('views.open', { trigger_id: trigger, view: modal })).toEqual({
      ok: false,
      error: 'exchanged_trigger_id',
    })
    expect(call('views.open', { trigger_id: 'made-up', view: modal })).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    })
    expect(call('views.update', { view_id: opened.view.id, hash: 'old', view: modal })).toEqual({
      ok: false,
      error: 'hash_conflict',
    })
    expect(
      call('views.update', { view_id: opened.view.id, hash: opened.view.hash, view: modal }),
    ).toMatchObject({ ok: true })
    for (const expected of [true, true, false])
      expect(call('views.push', { trigger_id: views.trigger('U0LOCAL'), view: modal }).ok).toBe(expected)
    expect(views.modals('U0LOCAL')).toHaveLength(3)
  })
})

describe('posts to a response_url', () => {
  it('replace the message they came from, making an ephemeral one public when asked', () => {
    const { workspace } = slack()
    const working = workspace.post('C0LOCAL', {
      author: BOT.userId,
      visibleTo: 'U0LOCAL',
      text: 'working',
      blocks: [],
    })
    const target = { user: 'U0LOCAL', channel: 'C0LOCAL', messageTs: working.ts }
    respond(workspace, target, { replace_original: true, response_type: 'in_channel', text: 'done' })
    expect(workspace.visible('C0LOCAL', 'U0JO')).toMatchObject([{ ts: working.ts, text: 'done' }])
  })

  it('post new messages only for the person unless in_channel, and delete the original when asked', () => {
    const { workspace } = slack()
    const card = workspace.post('C0LOCAL', { author: BOT.userId, text: 'card', blocks: [] })
    const target = { user: 'U0LOCAL', channel: 'C0LOCAL', messageTs: card.ts }
    respond(workspace, target, { replace_original: false, text: 'private' })
    expect(workspace.visible('C0LOCAL', 'U0JO').map((m) => m.text)).toEqual(['card'])
    expect(workspace.visible('C0LOCAL', 'U0LOCAL').map((m) => m.text)).toEqual(['card', 'private'])
    respond(workspace, target, { delete_original: true })
    expect(workspace.visible('C0LOCAL', 'U0LOCAL').map((m) => m.text)).toEqual(['private'])
    expect(respond(workspace, target, {})).toEqual({ error: 'no_text' })
  })
})

describe('escapeCommandText', () => {
  it('escapes like Slack with should_escape, turning known #channels and @people into references', () => {
    expect(escapeCommandText('alerts #stock-alerts for a<b & @sam #nowhere', PEOPLE)).toBe(
      'alerts <#C0ALERTS|stock-alerts> for a&lt;b &amp; <@U0SAM|sam> #nowhere',
    )
  })
})
