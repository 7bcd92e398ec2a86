import { describe, expect, it } from 'vitest'
import { appHomeOpened } from '../../../../src/slack/listeners/events/app-home-opened.js'
import { boltArgs, fakeListenerDeps } from '../../../helpers/listeners.js'
import { buildEvent } from '../../../helpers/payloads.js'

type Args = Parameters<ReturnType<typeof appHomeOpened>>[0]

const opened = (tab = 'home') => {
  const event = { type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab }
  return boltArgs<Args>({ body: buildEvent({ eventId: 'Ev1', event }), event }).args
}

describe('app_home_opened', () => {
  it('remembers who opens the Home and publishes it for them', async () => {
    const { deps, calls } = fakeListenerDeps()
    await appHomeOpened(deps)(opened())
    expect(calls.opened).toEqual([{ teamId: 'T0001', userId: 'U0001' }])
    expect(calls.published).toMatchObject([{ teamId: 'T0001', userId: 'U0001' }])
  })

  it('does nothing for an event id already handled, or for the Messages tab', async () => {
    const repeat = fakeListenerDeps({ firstDelivery: false })
    await appHomeOpened(repeat.deps)(opened())
    const messages = fakeListenerDeps()
    await appHomeOpened(messages.deps)(opened('messages'))
    expect([...repeat.calls.published, ...messages.calls.published]).toEqual([])
  })

  it('forgets the event when publishing fails, so that Slack’s retry tries again', async () => {
    const { deps, calls } = fakeListenerDeps({ publishError: new Error('views.publish failed') })
    await expect(appHomeOpened(deps)(opened())).rejects.toThrow('views.publish failed')
    expect(calls.forgotten).toEqual(['Ev1'])
  })
})
