import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '../../src/db/repositories/audit.js'
import { ACTIONS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'

/**
 * The audit trail through signed requests: grants, revokes, settings,
 * archive/restore and denials are recorded with who, when, what, before and
 * after; `audit` shows them to admins, filtered; `export audit` sends them as
 * formula-safe CSV to the admin's direct messages. `U0001` owns the workspace.
 */
let bot: TestBot
const TEAM = { team_id: 'TAUD' }
const as = (user: string, line: string) => bot.answer(line, { ...TEAM, user_id: user })
const text = async (user: string, line: string) => String((await as(user, line)).text)

beforeAll(async () => {
  bot = await startTestBot()
  for (const line of [
    'new AUD Audited part',
    'role <@UANNA> manager at main',
    'role <@UANNA> clerk',
    'role <@UBEN> viewer',
    'role <@UBEN> none',
    'settings confirm-above 30',
    'settings default-role viewer',
    'alerts <#CAUDIT>',
    'item AUD archive',
    'item AUD restore',
  ])
    expect(await text('U0001', line)).not.toMatch(/^:warning:/)
  expect(await text('UPLAIN', 'receive AUD 2')).toContain('You need the clerk role')
})
afterAll(() => bot.stop())

const entries = async () =>
  (
    await bot.db.pool.query(
      `SELECT actor, action, subject, before, after, details, request_key IS NOT NULL AS keyed
       FROM audit_log WHERE team_id = 'TAUD' ORDER BY id`,
    )
  ).rows

describe('the audit trail', () => {
  it('records grants, revokes, settings, archive and restore, and denials, with before and after', async () => {
    expect(await entries()).toEqual([
      {
        actor: 'U0001',
        action: 'role.grant',
        subject: 'UANNA',
        before: null,
        after: { role: 'manager', locations: ['main'] },
        details: null,
        keyed: true,
      },
      expect.objectContaining({
        action: 'role.grant',
        subject: 'UANNA',
        before: { role: 'manager', locations: ['main'] },
        after: { role: 'clerk' },
      }),
      expect.objectContaining({
        action: 'role.grant',
        subject: 'UBEN',
        before: null,
        after: { role: 'viewer' },
      }),
      expect.objectContaining({
        action: 'role.revoke',
        subject: 'UBEN',
        before: { role: 'viewer' },
        after: null,
      }),
      expect.objectContaining({
        action: 'settings.confirm-above',
        before: { confirmAbove: 100 },
        after: { confirmAbove: 30 },
      }),
      expect.objectContaining({
        action: 'settings.default-role',
        before: { defaultRole: 'clerk' },
        after: { defaultRole: 'viewer' },
      }),
      expect.objectContaining({ action: 'settings.alerts', after: { channel: 'CAUDIT' } }),
      expect.objectContaining({ action: 'item.archive', subject: 'AUD', after: { archived: true } }),
      expect.objectContaining({ action: 'item.restore', subject: 'AUD', after: { archived: false } }),
      {
        actor: 'UPLAIN',
        action: 'denied',
        subject: 'AUD',
        before: null,
        after: null,
        details: {
          verb: 'receive',
          sku: 'AUD',
          role: 'clerk',
          location: 'main',
          has: 'viewer',
          action: { verb: 'receive', sku: 'AUD', quantity: 2 },
        },
        keyed: true,
      },
    ])
  })

  it('records a denial of a button and of a read too, and a replayed denial once', async () => {
    const before = (await entries()).length
    await bot.click(ACTIONS.stockReceive, 'AUD', { user: 'UPLAIN', team: 'TAUD', responseId: 'aud-click' })
    await bot.slack.waitFor({ kind: 'response', name: 'aud-click' })
    expect(await text('UANNA', 'audit')).toContain('You need the admin role to read the audit trail')
    const repeated = { ...TEAM, user_id: 'UPLAIN', trigger_id: 'aud.repeat' }
    await bot.answer('issue AUD 1', repeated)
    await bot.answer('issue AUD 1', repeated)
    const added = (await entries()).slice(before)
    expect(added.map((e) => [e.actor, e.details.verb])).toEqual([
      ['UPLAIN', 'receive'],
      ['UANNA', 'audit'],
      ['UPLAIN', 'issue'],
    ])
  })

  it('shows admins the newest entries: all, about one person, about one SKU, or denials', async () => {
    const all = await as('U0001', 'audit 3')
    expect(all.text).toBe('Audit trail: the last 3 entries, newest first')
    const lines = JSON.stringify(all.blocks)
    expect(lines).toContain('<@UPLAIN> was refused `issue` AUD: needs clerk at `main`, has viewer')
    const anna = JSON.stringify((await as('U0001', 'audit <@UANNA|anna>')).blocks)
    expect(anna).toContain('<@U0001> `role.grant` <@UANNA>: manager at `main` → clerk')
    expect(anna).toContain('<@U0001> `role.grant` <@UANNA>: nothing → manager at `main`')
    expect(anna).toContain('<@UANNA> was refused `audit`')
    expect(anna).not.toContain('UBEN')
    const item = JSON.stringify((await as('U0001', 'audit AUD')).blocks)
    expect(item).toContain('`item.archive` AUD: archived false → archived true')
    expect(item).not.toContain('role.grant')
    const denials = await as('U0001', 'audit denials 2')
    expect(denials.text).toBe('Audit trail (denials): the last 2 entries, newest first')
    expect(JSON.stringify(denials.blocks)).not.toContain('role.grant')
    expect((await as('U0001', 'audit <@UNOBODY>')).text).toBe('The audit trail about <@UNOBODY> is empty.')
  })

  it('exports all of it as CSV to the admin’s direct messages, defusing formulas', async () => {
    // Another writer (a workspace purge) could record text a spreadsheet would run.
    await recordAudit(bot.db.pool, {
      teamId: 'TAUD',
      actor: 'system',
      action: 'workspace.purge',
      subject: '=HYPERLINK("http://evil")',
    })
    // Another workspace's entries stay out of this one's export.
    await bot.answer('role <@UOTHER> clerk', { user_id: 'U0001', team_id: 'TELSE' })
    const reply = await as('U0001', 'export audit')
    expect(reply.text).toMatch(/^Sent you audit\.csv \(\d+ rows\) in a direct message\.$/)
    const csv = String(bot.slack.calls({ kind: 'upload' }).at(-1)?.body.csv)
    const [header, ...rows] = csv.trim().split('\r\n')
    expect(header).toBe('id,when,workspace,enterprise,who,action,subject,before,after,details,request_key')
    expect(rows.every((r) => r.split(',')[2] === 'TAUD')).toBe(true)
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(csv).toContain(',U0001,role.grant,UANNA,,"{""role"":""manager"",""locations"":[""main""]}",')
    const opened = bot.slack.calls({ kind: 'api', name: 'conversations.open' }).at(-1)
    expect(opened?.body.users).toBe('U0001')
    expect(bot.slack.calls({ kind: 'api', name: 'files.completeUploadExternal' }).at(-1)?.body).toMatchObject(
      {
        channel_id: 'D0001',
      },
    )
  })
})
