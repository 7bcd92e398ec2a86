import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { buildBlockAction, buildEvent, buildSlashCommand, buildViewSubmission } from '../helpers/payloads.js'
import { form, postSigned } from '../helpers/signed.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot()
})
afterAll(() => bot.stop())

const body = () => form(buildSlashCommand({ text: 'new SEC Secure part' }))

describe('only Slack gets in', () => {
  it('refuses a wrong signature with 401 and changes nothing', async () => {
    const reply = await postSigned(bot.url, body(), { secret: 'not-the-secret' })
    expect(reply.status).toBe(401)
    expect((await bot.answer('stock SEC')).text).toContain('There is no item SEC')
  })

  it('refuses a timestamp more than five minutes old', async () => {
    const reply = await postSigned(bot.url, body(), { timestampSec: Math.floor(Date.now() / 1000) - 301 })
    expect(reply.status).toBe(401)
  })

  it('refuses a timestamp more than five minutes in the future (Bolt’s own check lets these through)', async () => {
    // A minute past the window, not a second: on a busy machine the request can take more than one to arrive.
    const reply = await postSigned(bot.url, body(), { timestampSec: Math.floor(Date.now() / 1000) + 360 })
    expect(reply.status).toBe(401)
  })

  it('accepts a timestamp within the window', async () => {
    const reply = await postSigned(bot.url, body(), { timestampSec: Math.floor(Date.now() / 1000) - 200 })
    expect(reply.status).toBe(200)
  })

  it('refuses a request without signature headers', async () => {
    const response = await fetch(bot.url, { method: 'POST', body: body() })
    expect(response.status).toBe(401)
  })

  it('answers Slack’s url_verification challenge and ssl_check', async () => {
    const challenge = await postSigned(
      bot.url,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123' }),
      {
        contentType: 'application/json',
      },
    )
    expect(challenge.json).toEqual({ challenge: 'abc123' })
    const ssl = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x',
    })
    expect(ssl.status).toBe(200)
  })

  it('answers garbage with a 4xx, never a 500', async () => {
    const replies = await Promise.all([
      postSigned(bot.url, '{not json', { contentType: 'application/json' }),
      postSigned(bot.url, 'payload=%7Bbroken', {}),
      postSigned(bot.url, JSON.stringify({ type: 'something_else' }), { contentType: 'application/json' }),
      fetch(bot.url.replace('/slack/events', '/nope')).then((r) => ({ status: r.status })),
    ])
    for (const reply of replies) expect(reply.status).toBeLessThan(500)
    expect(replies[0]?.status).toBe(400)
  })
})

describe('payloads that are not what Slack sends', () => {
  const interaction = (payload: unknown) => postSigned(bot.url, form({ payload: JSON.stringify(payload) }))
  const event = (envelope: unknown) =>
    postSigned(bot.url, JSON.stringify(envelope), { contentType: 'application/json' })
  const click = buildBlockAction({ actionId: 'movement.undo', value: '1' })
  const submission = buildViewSubmission({ callbackId: 'movement', privateMetadata: '{}', values: {} })

  it.each([
    ['a number for a payload', () => interaction(734632835)],
    ['an array for an event body', () => event([1, 2])],
    ['an event that is a number', () => event({ ...buildEvent({ event: {} }), event: 5 })],
    [
      'an event whose channel is null',
      () => event(buildEvent({ event: { type: 'message', channel: null } })),
    ],
    ['a click without its user', () => interaction({ ...click, user: undefined })],
    ['a click whose channel is null', () => interaction({ ...click, channel: null })],
    ['a submission without its view', () => interaction({ ...submission, view: undefined })],
    ['a workspace id that is an object key', () => interaction({ ...click, team: { id: 'constructor' } })],
    [
      'a NUL character',
      () => interaction({ ...click, actions: [{ action_id: 'movement.undo', value: '\u0000' }] }),
    ],
  ])('refuses %s with 400', async (_, send) => {
    expect((await send()).status).toBe(400)
  })

  it('tells the clicker a button it cannot read changed nothing, rather than apologising for a failure', async () => {
    const url = bot.slack.responseUrl('malformed-click')
    const forged = buildBlockAction({ actionId: 'movement.undo', value: '1', responseUrl: url })
    const reply = await interaction({ ...forged, actions: [{ action_id: 'movement.undo', value: 5 }] })
    expect(reply.status).toBe(200)
    const [answer] = await bot.slack.waitFor({ kind: 'response', name: 'malformed-click' })
    expect(String(answer?.body.text)).toContain('That button or form sent something I cannot read')
  })

  it('answers a form field of the wrong type as a field error, not a failure', async () => {
    const typed = buildViewSubmission({
      callbackId: 'movement',
      privateMetadata: JSON.stringify({ verb: 'receive', sku: 'SEC' }),
      values: {},
    }) as { view: Record<string, unknown> }
    typed.view.state = { values: { quantity: { value: { type: 'plain_text_input', value: 12 } } } }
    const reply = await interaction(typed)
    expect(reply.json).toMatchObject({ response_action: 'errors', errors: { quantity: expect.any(String) } })
  })
})

describe('workspaces', () => {
  it('never see each other’s items, locations, movements or reservations', async () => {
    await bot.answer('new SHARED Team one part', { team_id: 'T0001' })
    await bot.answer('receive SHARED 5', { team_id: 'T0001' })
    expect((await bot.answer('stock SHARED', { team_id: 'T0002' })).text).toContain('There is no item SHARED')
    expect((await bot.answer('find team one', { team_id: 'T0002' })).text).toContain('No items match')
    await bot.answer('new SHARED Team two part', { team_id: 'T0002' })
    expect((await bot.answer('stock SHARED', { team_id: 'T0002' })).text).toMatch(
      /^SHARED Team two part: 0 on hand/,
    )
    expect((await bot.answer('undo 1', { team_id: 'T0002' })).text).toContain('There is no movement #1')
    expect((await bot.answer('stock SHARED', { team_id: 'T0001' })).text).toMatch(
      /^SHARED Team one part: 5 on hand/,
    )
  })

  it('scopes an Enterprise Grid org-wide install by the workspace the command came from', async () => {
    const grid = { enterprise_id: 'E0001', is_enterprise_install: 'true' }
    await bot.answer('new GRID Grid part', { ...grid, team_id: 'T0003' })
    expect((await bot.answer('stock GRID', { ...grid, team_id: 'T0004' })).text).toContain(
      'There is no item GRID',
    )
    const { rows } = await bot.db.pool.query("SELECT enterprise_id FROM workspaces WHERE team_id = 'T0003'")
    expect(rows[0].enterprise_id).toBe('E0001')
  })
})
