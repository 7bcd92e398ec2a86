import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIONS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { eventually } from '../helpers/eventually.js'
import { expectLedgerBalanced, movementCount } from '../helpers/ledger.js'

let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UADMIN' } })
  await bot.answer('new BIG Bulk part')
  await bot.answer('receive BIG 1000')
})
afterAll(async () => {
  await expectLedgerBalanced(bot.db.pool)
  await bot.stop()
})

const buttonValue = (message: { blocks?: readonly unknown[] }, actionId: string) =>
  JSON.stringify(message.blocks).match(
    new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`),
  )?.[1] as string

describe('confirming big changes', () => {
  it('only managers and admins set the threshold', async () => {
    expect((await bot.answer('settings confirm-above 50', { user_id: 'U0002' })).text).toContain(
      'You need the manager role to change when changes ask for confirmation (you are a clerk)',
    )
    expect((await bot.answer('settings confirm-above 50', { user_id: 'UADMIN' })).text).toContain(
      'above 50 units',
    )
    expect((await bot.answer('settings')).text).toContain('Changes above 50 units ask for confirmation.')
  })

  it('asks first, changes nothing until Confirm, then applies once', async () => {
    const before = await movementCount(bot.db.pool)
    const prompt = await bot.answer('issue BIG 60')
    expect(prompt.response_type).toBe('ephemeral')
    expect(prompt.text).toContain('This changes more than 50 units: issued 60 BIG Bulk part from main')
    expect(await movementCount(bot.db.pool)).toBe(before)
    const pending = buttonValue(prompt, ACTIONS.confirm)
    const confirm = (id: string) => bot.click(ACTIONS.confirm, pending, { responseId: id })
    await confirm('c1')
    const answers = await bot.slack.waitFor({ kind: 'response', name: 'c1' }, 2)
    expect(answers[0]?.body).toMatchObject({ replace_original: true })
    expect(String(answers[0]?.body.text)).toContain('Confirmed: #')
    expect(answers[1]?.body).toMatchObject({ response_type: 'in_channel' })
    expect(String(answers[1]?.body.text)).toContain('now 940 on hand at main')
    await confirm('c2')
    const [again] = await bot.slack.waitFor({ kind: 'response', name: 'c2' })
    expect(String(again?.body.text)).toContain('already confirmed')
    expect(await movementCount(bot.db.pool)).toBe(before + 1)
  })

  it('refuses at once, without asking, what would be refused anyway', async () => {
    expect((await bot.answer('issue BIG 5000')).text).toContain('only 940 available at main')
  })

  it('asks for a big count variance, and Cancel changes nothing', async () => {
    const prompt = await bot.answer('count BIG 100')
    const pending = buttonValue(prompt, ACTIONS.cancel)
    await bot.click(ACTIONS.cancel, pending, { responseId: 'x1' })
    const [cancelled] = await bot.slack.waitFor({ kind: 'response', name: 'x1' })
    expect(String(cancelled?.body.text)).toBe('Cancelled. Nothing was changed.')
    await bot.click(ACTIONS.confirm, pending, { responseId: 'x2' })
    const [late] = await bot.slack.waitFor({ kind: 'response', name: 'x2' })
    expect(String(late?.body.text)).toContain('already cancelled')
    expect((await bot.answer('stock BIG')).text).toMatch(/^BIG Bulk part: 940 on hand/)
  })

  it('answers small changes exactly as before', async () => {
    expect((await bot.answer('issue BIG 10')).text).toMatch(/issued 10 BIG .* now 930 on hand at main/)
  })

  it('lets only the asker confirm', async () => {
    const pending = buttonValue(await bot.answer('issue BIG 70'), ACTIONS.confirm)
    await bot.click(ACTIONS.confirm, pending, { user: 'U0002', responseId: 'o1' })
    const [refused] = await bot.slack.waitFor({ kind: 'response', name: 'o1' })
    expect(String(refused?.body.text)).toContain('Only <@U0001>, who asked for this change')
  })
})

describe('low-stock alerts', () => {
  const alertsIn = (channel: string) =>
    bot.slack
      .calls({ kind: 'api', name: 'chat.postMessage' })
      .filter((c) => c.body.channel === channel && String(c.body.text).includes('Low stock'))

  it('routes alerts to a channel and says so there', async () => {
    const reply = await bot.answer('alerts <#CALERT|alerts>')
    expect(reply.text).toContain('Low-stock alerts will go to <#CALERT>')
    const [hello] = await bot.slack.waitFor({ kind: 'api', name: 'chat.postMessage' })
    expect(hello?.body).toMatchObject({ channel: 'CALERT' })
  })

  it('alerts once when an item crosses its reorder point, not again while it stays below', async () => {
    await bot.answer('new LOW Low part min 5')
    await bot.answer('receive LOW 8')
    await bot.answer('issue LOW 3')
    const [alert] = await bot.slack
      .waitFor({ kind: 'api', name: 'chat.postMessage' }, 2)
      .then(() => alertsIn('CALERT'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(alertsIn('CALERT')).toHaveLength(1)
    expect(String(alert?.body.text)).toContain('LOW Low part is at 5 on hand, reorder point 5')
    expect(JSON.stringify(alert?.body.blocks)).toContain(ACTIONS.reorder)
    expect(JSON.stringify(alert?.body.blocks)).toContain(ACTIONS.snooze)
    expect(JSON.stringify(alert?.body.blocks)).toContain(ACTIONS.ordered)
    await bot.answer('issue LOW 1')
    await bot.answer('issue LOW 1')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(alertsIn('CALERT')).toHaveLength(1)
  })

  it('alerts again after the item went back above the threshold and fell again', async () => {
    await bot.answer('receive LOW 10')
    await bot.answer('issue LOW 10')
    for (let i = 0; i < 50 && alertsIn('CALERT').length < 2; i++) await new Promise((r) => setTimeout(r, 50))
    expect(alertsIn('CALERT')).toHaveLength(2)
  })

  it('Snooze rewrites the alert and records who; Already ordered likewise', async () => {
    await bot.click(ACTIONS.snooze, 'LOW', { channel: 'CALERT', responseId: 'snz' })
    const [snoozed] = await bot.slack.waitFor({ kind: 'response', name: 'snz' })
    expect(snoozed?.body).toMatchObject({ replace_original: true })
    expect(String(snoozed?.body.text)).toContain('Snoozed by <@U0001> until <!date^')
    await bot.click(ACTIONS.ordered, 'LOW', { channel: 'CALERT', responseId: 'ord' })
    const [ordered] = await bot.slack.waitFor({ kind: 'response', name: 'ord' })
    expect(String(ordered?.body.text)).toContain('<@U0001> says it is already ordered')
  })

  it('alerts when a new reorder point puts an item at or below it', async () => {
    await bot.answer('new RAISE Raised part')
    await bot.answer('receive RAISE 10')
    await bot.answer('item RAISE min 20')
    const alert = await eventually(() =>
      alertsIn('CALERT').find((c) => String(c.body.text).includes('RAISE')),
    )
    expect(String(alert.body.text)).toContain('RAISE Raised part is at 10 on hand, reorder point 20')
  })

  it('posts an alert whose first post failed with the next change', async () => {
    await bot.answer('new RETRY Retried part min 5')
    await bot.answer('receive RETRY 6')
    bot.slack.reply('chat.postMessage', ...Array.from({ length: 4 }, () => ({ status: 503 })))
    const posted = async () =>
      (
        await bot.db.pool.query(
          "SELECT message_ts FROM item_alerts a JOIN items i ON i.id = a.item_id WHERE i.sku = 'RETRY'",
        )
      ).rows[0]?.message_ts as string | null
    const attempts = () => alertsIn('CALERT').filter((c) => String(c.body.text).includes('RETRY')).length
    await bot.answer('issue RETRY 2')
    await eventually(() => attempts() === 4)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await posted()).toBeNull()
    await bot.answer('issue RETRY 1')
    await eventually(posted)
    expect(attempts()).toBe(5)
    expect(String(alertsIn('CALERT').at(-1)?.body.text)).toContain('RETRY Retried part is at 3 on hand')
  })

  it('routes per location, and tells the person who set a channel the bot cannot post in', async () => {
    await bot.answer('location new cage')
    await bot.answer('role <@U0007|sam> manager at cage')
    bot.slack.reply('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } })
    const set = await bot.command('alerts <#CPRIVATE> for cage', { user_id: 'U0007' })
    expect(set.ack.text).toContain('Low-stock alerts for cage will go to <#CPRIVATE>')
    const [told] = await bot.slack.waitFor({ kind: 'response', name: set.responseId })
    expect(String(told?.body.text)).toContain('I could not post low-stock alerts in <#CPRIVATE>')
    await bot.answer('new CAGED Caged part min 3')
    await bot.answer('receive CAGED 5 at cage')
    bot.slack.reply('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } })
    await bot.answer('issue CAGED 2 from cage')
    const dm = await eventually(() =>
      bot.slack.calls({ kind: 'api', name: 'chat.postMessage' }).find((c) => c.body.channel === 'U0007'),
    )
    expect(String(dm.body.text)).toContain('I could not post low-stock alerts in <#CPRIVATE>')
    expect(alertsIn('CALERT').some((c) => String(c.body.text).includes('CAGED'))).toBe(false)
  })
})
