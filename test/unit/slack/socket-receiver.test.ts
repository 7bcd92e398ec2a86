import type { App } from '@slack/bolt'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src/logger.js'
import { answerLostAck } from '../../../src/slack/app.js'
import { workingMessage } from '../../../src/slack/blocks/index.js'
import type { Responder } from '../../../src/slack/responder.js'
import { SocketConnection } from '../../../src/slack/socket/connection.js'
import type { SocketEnvelope } from '../../../src/slack/socket/connections.js'
import { SocketReceiver } from '../../../src/slack/socket/receiver.js'
import { buildSlashCommand } from '../../helpers/payloads.js'

/** A Bolt app as far as the receiver uses it: the listener acks `answer`. */
const appAcking = (answer: unknown) =>
  ({
    processEvent: async ({ ack }: { ack: (response?: unknown) => Promise<void> }) => ack(answer),
  }) as unknown as App

const envelope = (ack: SocketEnvelope['ack']): SocketEnvelope => ({
  ack,
  envelope_id: 'env-1',
  type: 'slash_commands',
  body: buildSlashCommand({ text: 'receive WIDGET 1', response_url: 'https://hooks.slack.test/r/1' }),
})

const connection = () => new SocketConnection({ appToken: 'xapp-test', autoReconnectEnabled: false })

describe('the Socket Mode receiver', () => {
  it('acks each envelope once, with the listener’s answer, and counts it as in flight until then', async () => {
    const acks: unknown[] = []
    const receiver = new SocketReceiver({ logger: createLogger('silent') })
    receiver.init(appAcking({ text: 'done' }))
    const on = connection()
    receiver.handle(
      on,
      envelope(async (response) => {
        acks.push(response)
      }),
    )
    await on.drained(1_000)
    expect(acks).toEqual([{ text: 'done' }])
  })

  it('hands what an ack that could not be sent would have said to lostAck', async () => {
    const lost: unknown[] = []
    const receiver = new SocketReceiver({
      logger: createLogger('silent'),
      lostAck: async (body, response) => {
        lost.push({ responseUrl: body.response_url, response })
      },
    })
    receiver.init(appAcking({ text: '#1 received 1 WIDGET' }))
    const on = connection()
    receiver.handle(
      on,
      envelope(async () => {
        throw new Error('the connection closed')
      }),
    )
    await on.drained(1_000)
    expect(lost).toEqual([
      { responseUrl: 'https://hooks.slack.test/r/1', response: { text: '#1 received 1 WIDGET' } },
    ])
  })
})

describe('answerLostAck', () => {
  const responder = () => {
    const replies: unknown[] = []
    const fake: Responder = {
      reply: async (target, message) => {
        replies.push({ target, message })
      },
      post: async () => ({}),
      update: async () => {},
    }
    return { fake, replies }
  }
  const body = buildSlashCommand({ text: 'x', response_url: 'https://hooks.slack.test/r/2' })

  it('posts a slash command’s answer to its response_url, in its workspace', async () => {
    const { fake, replies } = responder()
    await answerLostAck(fake)(body, { response_type: 'in_channel', text: 'the answer' })
    expect(replies).toEqual([
      {
        target: expect.objectContaining({ teamId: 'T0001', responseUrl: 'https://hooks.slack.test/r/2' }),
        message: { response_type: 'in_channel', text: 'the answer' },
      },
    ])
  })

  it('posts nothing for "working on it" (its answer follows anyway) or an empty ack', async () => {
    const { fake, replies } = responder()
    await answerLostAck(fake)(body, workingMessage())
    await answerLostAck(fake)(body, undefined)
    expect(replies).toEqual([])
  })
})
