import { describe, expect, it } from 'vitest'
import { VIEWS } from '../../../../src/slack/blocks/index.js'
import { inventoryCommand } from '../../../../src/slack/listeners/commands/inventory.js'
import { WORKING_ON_IT } from '../../../../src/slack/wording/index.js'
import { boltArgs, fakeListenerDeps } from '../../../helpers/listeners.js'
import { buildSlashCommand } from '../../../helpers/payloads.js'

type Args = Parameters<ReturnType<typeof inventoryCommand>>[0]

async function run(text: string, options: Parameters<typeof fakeListenerDeps>[0] = {}) {
  const { deps, calls } = fakeListenerDeps(options)
  const command = buildSlashCommand({ text, trigger_id: 'trig.1' })
  const { args, acks } = boltArgs<Args>({ command })
  await inventoryCommand(deps)(args)
  return { calls, acks: acks as { text?: string }[] }
}

describe('/inventory (the listener)', () => {
  it('answers a usage error in the ack and dispatches nothing', async () => {
    const { calls, acks } = await run('issue WIDGET lots')
    expect(calls.dispatched).toEqual([])
    expect(acks).toHaveLength(1)
    expect(acks[0]?.text).toContain('is not a quantity')
  })

  it('dispatches the parsed command, keyed by its trigger_id, and acks with the answer when it was ready', async () => {
    const { calls, acks } = await run('help', {
      dispatched: { kind: 'answered', outcome: { ok: true, result: { kind: 'help' } } },
    })
    expect(calls.dispatched).toMatchObject([
      {
        requestKey: 'cmd:trig.1',
        requestId: 'req-test',
        teamId: 'T0001',
        userId: 'U0001',
        action: { verb: 'help' },
      },
    ])
    expect(acks[0]?.text).toContain('/inventory stock')
  })

  it('acks "working on it" when the answer follows on the response_url', async () => {
    const { acks } = await run('receive WIDGET 3', { dispatched: { kind: 'accepted' } })
    expect(acks).toEqual([expect.objectContaining({ text: WORKING_ON_IT })])
  })

  it('acks that nothing was accepted when nothing was', async () => {
    const { acks } = await run('receive WIDGET 3', {
      dispatched: { kind: 'not-accepted', code: 'NOT_ACCEPTED', details: {} },
    })
    expect(acks[0]?.text).toContain('Nothing was accepted')
  })

  it('opens the new-item form for `new` alone, and dispatches nothing', async () => {
    const { calls, acks } = await run(' new ', { access: { role: 'manager', source: 'grant' } })
    expect(acks).toEqual([undefined])
    expect(calls.dispatched).toEqual([])
    expect(calls.api).toMatchObject([
      { method: 'views.open', args: { trigger_id: 'trig.1', view: { callback_id: VIEWS.newItem } } },
    ])
  })

  it('tells someone who may not create items so instead of opening the form', async () => {
    const { calls, acks } = await run('new', { access: { role: 'clerk', source: 'default' } })
    expect(calls.api).toEqual([])
    expect(calls.denied).toEqual([{ verb: 'new', role: 'manager', has: 'clerk' }])
    expect(acks[0]?.text).toContain('You need the manager role to create items')
  })

  it('carries what Slack says of the asker in the command (slackAdmin)', async () => {
    const { calls } = await run('receive WIDGET 3', { slackAdmin: true })
    expect(calls.dispatched).toMatchObject([{ slackAdmin: true, action: { verb: 'receive' } }])
  })
})
