import { describe, expect, it } from 'vitest'
import type { Action, Command } from '../../../src/inventory/commands.js'
import { makeExecutor } from '../../../src/inventory/execute.js'
import type { Outcome } from '../../../src/inventory/results.js'
import { createLogger } from '../../../src/logger.js'

const command = (action: Action): Command => ({
  requestKey: 'cmd:1',
  requestId: 'req-1',
  teamId: 'T1',
  userId: 'U1',
  origin: { kind: 'slash' },
  action,
})
const EXPORT: Outcome = {
  ok: true,
  result: { kind: 'export', filename: 'stock.csv', title: 'Current stock', csv: 'sku\r\n', rows: 0 },
}

function executor(
  options: {
    read?: () => Promise<Outcome>
    apply?: () => Promise<Outcome>
    authorize?: () => Promise<Outcome | undefined>
  } = {},
) {
  const events: string[] = []
  const execute = makeExecutor({
    service: {
      read: options.read ?? (async () => ({ ok: true, result: { kind: 'help' } })),
      apply: options.apply ?? (async () => ({ ok: false, code: 'UNKNOWN_ITEM', details: { sku: 'W' } })),
      async authorize(command) {
        events.push(`authorize ${command.action.verb}`)
        return options.authorize?.()
      },
    },
    admin: async () => {
      events.push('admin')
      return { ok: false, code: 'QUEUE_MODE_OFF', details: {} }
    },
    files: {
      async upload(_command, file) {
        events.push(`upload ${file.filename}`)
      },
    },
    logger: createLogger('silent'),
  })
  return { execute, events }
}

describe('the in-process executor', () => {
  it('uploads an export’s file before answering with it', async () => {
    const { execute, events } = executor({ read: async () => EXPORT })
    expect(await execute(command({ verb: 'export' }))).toEqual(EXPORT)
    expect(events).toEqual(['authorize export', 'upload stock.csv'])
  })

  it('hands dlq to the admin handler and changes to the service', async () => {
    const { execute, events } = executor()
    expect(await execute(command({ verb: 'dlq', op: 'list' }))).toMatchObject({ code: 'QUEUE_MODE_OFF' })
    expect(events).toEqual(['authorize dlq', 'admin'])
    expect(await execute(command({ verb: 'issue', sku: 'W', quantity: 1 }))).toMatchObject({
      code: 'UNKNOWN_ITEM',
    })
  })

  it('answers a read or an admin action the asker may not run with the refusal, running nothing', async () => {
    const refusal: Outcome = { ok: false, code: 'NEEDS_ROLE', details: { verb: 'dlq', role: 'admin' } }
    const { execute, events } = executor({ authorize: async () => refusal })
    expect(await execute(command({ verb: 'dlq', op: 'list' }))).toEqual(refusal)
    expect(await execute(command({ verb: 'export', sku: 'W' }))).toEqual(refusal)
    expect(events).toEqual(['authorize dlq', 'authorize export'])
  })

  it('leaves a change to be checked where it is applied', async () => {
    const { execute, events } = executor()
    await execute(command({ verb: 'issue', sku: 'W', quantity: 1 }))
    expect(events).toEqual([])
  })

  it('never throws: a failure is an error outcome the person can be told', async () => {
    const { execute } = executor({
      apply: async () => {
        throw new Error('a bug')
      },
    })
    expect(await execute(command({ verb: 'receive', sku: 'W', quantity: 1 }))).toEqual({
      ok: false,
      code: 'INTERNAL',
      details: {},
    })
  })
})
