import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RIGHTS } from '../../src/inventory/rights.js'
import type { Role } from '../../src/inventory/roles.js'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { movementCount } from '../helpers/ledger.js'
import { buildBlockAction, buildEvent, buildViewSubmission } from '../helpers/payloads.js'

/**
 * Who may do what, through signed requests only: the role × verb matrix as
 * the issue states it (each verb as each role), limits to locations, the
 * last admin, break-glass and Slack's own admins, the default role.
 * `U0001` is the workspace's owner in the Slack stand-in: an admin by Slack.
 */
let bot: TestBot
beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UBREAK' } })
  for (const text of [
    'new ROLEX Role part',
    'new ARCH Archivable part',
    'new LOWX Low part min 5',
    'location new north',
    'location new south',
    'settings confirm-above 1000000',
    'receive ROLEX 1000',
    'receive ROLEX 100 at north',
    'alerts <#CALERT>',
    'receive LOWX 2',
    ...Object.entries(PEOPLE).map(([role, id]) => `role <@${id}> ${role}`),
  ])
    expect((await say('U0001', text)).text).not.toMatch(/^:warning:/)
})
afterAll(() => bot.stop())

const PEOPLE: Readonly<Record<Role, string>> = {
  viewer: 'UVIEW',
  clerk: 'UCLERK',
  manager: 'UMGR',
  admin: 'UADM',
}
const RANK: Readonly<Record<Role, number>> = { viewer: 0, clerk: 1, manager: 2, admin: 3 }
/** A refusal for want of a role, in either of its two wordings. */
const DENIED = /^:warning: (You need the \w+ role|Only <@\w+>, who made #\d+, or an? \w+)/

let responses = 0
const nextResponseId = () => {
  responses += 1
  return `roles-${responses}`
}
const say = (user: string, text: string) => bot.answer(text, { user_id: user })
const text = async (user: string, line: string) => String((await say(user, line)).text)
const movementOf = (reply: string) => reply.match(/^#(\d+)/)?.[1] ?? '999999'

/** Clicks a button on a message in #warehouse and returns the answer the clicker sees. */
async function click(user: string, actionId: string, value: string): Promise<string> {
  const responseId = nextResponseId()
  await bot.click(actionId, value, { user, responseId })
  const [answer] = await bot.slack.waitFor({ kind: 'response', name: responseId })
  return String(answer?.body.text)
}

/** Submits the reorder form for `sku`; returns the request posted, or the refusal shown to the person. */
async function requestReorder(user: string, sku: string): Promise<string> {
  const seen = (name: string) => bot.slack.calls({ kind: 'api', name }).length
  const [posts, ephemerals] = [seen('chat.postMessage'), seen('chat.postEphemeral')]
  await bot.interact(
    buildViewSubmission({
      user,
      callbackId: VIEWS.reorder,
      privateMetadata: JSON.stringify({ sku, channelId: 'C0001' }),
      values: { quantity: { value: '5' } },
    }),
  )
  await bot.settled()
  const answers = [
    ...bot.slack.calls({ kind: 'api', name: 'chat.postMessage' }).slice(posts),
    ...bot.slack.calls({ kind: 'api', name: 'chat.postEphemeral' }).slice(ephemerals),
  ].map((c) => String(c.body.text))
  return answers.find((t) => t.startsWith('REQ-') || t.startsWith(':warning:')) ?? answers.join(' | ')
}

/** A pending request asked for by the owner: its number. */
const ownersRequest = async () => Number((await requestReorder('U0001', 'ROLEX')).match(/^REQ-(\d+)/)?.[1])

interface Case {
  readonly verb: string
  /** The role the issue says it needs. */
  readonly needs: Role
  /** What an allowed attempt answers. */
  readonly ok: RegExp
  readonly run: (user: string, role: Role) => Promise<string>
}

const slash =
  (line: string | ((role: Role) => string)) =>
  (user: string, role: Role): Promise<string> =>
    text(user, typeof line === 'string' ? line : line(role))

/** Every verb, what it needs, and one attempt at it (each role gets its own). */
const CASES: readonly Case[] = [
  { verb: 'help', needs: 'viewer', ok: /^\*\/inventory\*/, run: slash('help') },
  { verb: 'stock', needs: 'viewer', ok: /^ROLEX Role part: /, run: slash('stock ROLEX') },
  { verb: 'find', needs: 'viewer', ok: /ROLEX/, run: slash('find role part') },
  { verb: 'low', needs: 'viewer', ok: /LOWX/, run: slash('low') },
  { verb: 'history', needs: 'viewer', ok: /^Last \d+ movements of ROLEX/, run: slash('history ROLEX 3') },
  { verb: 'locations', needs: 'viewer', ok: /^Locations: .*main, north/, run: slash('locations') },
  { verb: 'reservations', needs: 'viewer', ok: /reservation/, run: slash('reservations') },
  { verb: 'orders', needs: 'viewer', ok: /reorder request/, run: slash('orders') },
  { verb: 'settings', needs: 'viewer', ok: /ask for confirmation/, run: slash('settings') },
  { verb: 'export', needs: 'viewer', ok: /^Uploaded stock\.csv/, run: slash('export') },
  { verb: 'receive', needs: 'clerk', ok: /received 1 ROLEX/, run: slash('receive ROLEX 1') },
  { verb: 'issue', needs: 'clerk', ok: /issued 1 ROLEX/, run: slash('issue ROLEX 1') },
  {
    verb: 'move',
    needs: 'clerk',
    ok: /moved 1 ROLEX Role part from main to north/,
    run: slash('move ROLEX 1 from main to north'),
  },
  { verb: 'reserve', needs: 'clerk', ok: /reserved 1 ROLEX/, run: slash('reserve ROLEX 1 for matrix') },
  {
    verb: 'release',
    needs: 'clerk',
    ok: /released R-\d+/,
    async run(user) {
      const held = (await text('U0001', 'reserve ROLEX 1')).match(/^R-(\d+)/)?.[1]
      return text(user, `release R-${held}`)
    },
  },
  {
    verb: 'undo',
    needs: 'clerk',
    ok: /undid #\d+/,
    // Their own movement (a viewer has none to undo: one that does not exist asks a clerk too).
    run: async (user) => text(user, `undo ${movementOf(await text(user, 'receive ROLEX 1'))}`),
  },
  {
    verb: 'request.new',
    needs: 'clerk',
    ok: /^REQ-\d+: 5 ROLEX/,
    run: (user) => requestReorder(user, 'ROLEX'),
  },
  {
    verb: 'alert.snooze',
    needs: 'clerk',
    ok: /Snoozed by/,
    run: (user) => click(user, ACTIONS.snooze, 'LOWX'),
  },
  {
    verb: 'alert.ordered',
    needs: 'clerk',
    ok: /says it is already ordered/,
    run: (user) => click(user, ACTIONS.ordered, 'LOWX'),
  },
  { verb: 'count', needs: 'manager', ok: /counted 100 ROLEX/, run: slash('count ROLEX 100 at north') },
  { verb: 'new', needs: 'manager', ok: /created NEW-/, run: slash((role) => `new NEW-${role} Made part`) },
  { verb: 'item.min', needs: 'manager', ok: /set the reorder point/, run: slash('item ROLEX min 1') },
  { verb: 'item.rename', needs: 'manager', ok: /renamed ROLEX/, run: slash('item ROLEX rename Role part') },
  { verb: 'item.archive', needs: 'manager', ok: /archived ARCH/, run: slash('item ARCH archive') },
  { verb: 'item.restore', needs: 'manager', ok: /restored ARCH/, run: slash('item ARCH restore') },
  {
    verb: 'location.new',
    needs: 'manager',
    ok: /created location loc-/,
    run: slash((role) => `location new loc-${role}`),
  },
  { verb: 'alerts.set', needs: 'manager', ok: /will go to <#CALERT>/, run: slash('alerts <#CALERT>') },
  { verb: 'alerts.off', needs: 'manager', ok: /for north are off/, run: slash('alerts off for north') },
  {
    verb: 'settings.confirm',
    needs: 'manager',
    ok: /ask for confirmation above 1,000,000/,
    run: slash('settings confirm-above 1000000'),
  },
  {
    verb: 'request.approve',
    needs: 'manager',
    ok: /approved by/,
    run: async (user) => click(user, ACTIONS.approve, String(await ownersRequest())),
  },
  {
    verb: 'request.reject',
    needs: 'manager',
    ok: /rejected by/,
    run: async (user) => click(user, ACTIONS.reject, String(await ownersRequest())),
  },
  {
    verb: 'export',
    needs: 'manager',
    ok: /^Uploaded history-ROLEX\.csv/,
    run: slash('export history ROLEX'),
  },
  {
    verb: 'undo',
    needs: 'manager',
    ok: /undid #\d+/,
    // Someone else's movement.
    run: async (user) => text(user, `undo ${movementOf(await text('U0001', 'receive ROLEX 1'))}`),
  },
  { verb: 'roles', needs: 'admin', ok: /^\*Roles\*/, run: slash('roles') },
  { verb: 'role.set', needs: 'admin', ok: /made <@UNEW> a clerk/, run: slash('role <@UNEW> clerk') },
  {
    verb: 'settings.default-role',
    needs: 'admin',
    ok: /made clerk the default role/,
    run: slash('settings default-role clerk'),
  },
  { verb: 'audit', needs: 'admin', ok: /^Audit trail/, run: slash('audit 5') },
  { verb: 'export.audit', needs: 'admin', ok: /^Sent you audit\.csv/, run: slash('export audit') },
  // In-process there are no dead letters: allowed, and told so.
  { verb: 'dlq', needs: 'admin', ok: /^:warning: Queue mode is off/, run: slash('dlq') },
]

describe('the role × verb matrix', () => {
  it('covers every verb, and states what each needs as the issue does (RIGHTS agrees)', () => {
    const covered = new Set(CASES.map((c) => c.verb))
    // Confirm, Cancel and a pick on "Which one?" answer a prompt; the change they apply is checked when
    // it runs (tested below).
    const prompts = ['change.confirm', 'change.cancel', 'change.choose']
    expect([...covered, ...prompts].sort()).toEqual(Object.keys(RIGHTS).sort())
    for (const c of CASES.filter((c) => !(c.verb === 'export' || c.verb === 'undo')))
      expect(RIGHTS[c.verb as keyof typeof RIGHTS], c.verb).toBe(c.needs)
  })

  for (const role of ['viewer', 'clerk', 'manager', 'admin'] as const)
    it(`as ${role === 'admin' ? 'an' : 'a'} ${role}: allowed what the role includes, refused the rest`, async () => {
      const user = PEOPLE[role]
      for (const c of CASES) {
        const answer = await c.run(user, role)
        const label = `${c.verb} (needs ${c.needs}) as ${role}: ${answer}`
        if (RANK[role] >= RANK[c.needs]) expect(answer, label).toMatch(c.ok)
        else expect(answer, label).toMatch(DENIED)
      }
    }, 60_000)
})

describe('a pick on "Which one?"', () => {
  it('is asked only of someone who may make the change there, and checked again when picked', async () => {
    await say('U0001', 'new ROLEY Role part two')
    await say('U0001', 'role <@UPICK|pick> clerk at north')
    expect(await text(PEOPLE.viewer, 'issue 1 role')).toMatch(DENIED)
    expect(await text('UPICK', 'issue 1 role from main')).toMatch(DENIED)
    const question = await say('UPICK', 'issue 1 role from north')
    expect(question.text).toMatch(
      /^Which one\? “ROLE” names 2 items: ROLEX Role part .*, ROLEY Role part two/,
    )
    // The role is taken away before the pick: the change picked is refused.
    await say('U0001', 'role <@UPICK|pick> viewer')
    const value = JSON.stringify(question.blocks).match(/"action_id":"choice.pick","value":"([^"]+)"/)?.[1]
    const before = await movementCount(bot.db.pool)
    expect(await click('UPICK', ACTIONS.choose, String(value))).toMatch(DENIED)
    expect(await movementCount(bot.db.pool)).toBe(before)
  })
})

describe('a question about a location', () => {
  beforeAll(async () => {
    for (const line of [
      'location new bay-1 Bay one',
      'location new bay-2 Bay two',
      'receive ROLEX 5 at bay-2',
    ])
      expect(await text('U0001', line)).not.toMatch(/^:warning:/)
    await say('U0001', 'role <@UBAY|bay> clerk at bay-2')
    await say('U0001', 'role <@UNORTHONLY> clerk at north')
  })
  const picks = (message: { blocks?: readonly unknown[] }) =>
    [...JSON.stringify(message.blocks).matchAll(/"action_id":"choice.pick","value":"([^"]+)"/g)].map(
      (m) => m[1] as string,
    )

  it('is never asked of someone who may not make the change at any of the locations', async () => {
    const before = await movementCount(bot.db.pool)
    expect(await text(PEOPLE.viewer, 'issue 1 ROLEX from bay')).toMatch(DENIED)
    // The item is asked about first: not of someone who may not make the change at any location named.
    expect(await text(PEOPLE.viewer, 'issue 1 role from bay')).toMatch(DENIED)
    // A move needs the role at both ends: from any bay is nowhere this clerk may move from.
    expect(await text('UNORTHONLY', 'move 1 ROLEX from bay to north')).toMatch(DENIED)
    expect(await movementCount(bot.db.pool)).toBe(before)
  })

  it('offers only the locations where the person may make the change, and checks the pick again', async () => {
    const question = await say('UBAY', 'issue 1 ROLEX from bay')
    expect(question.text).toBe('Is this the one? “bay”: `bay-2` Bay two (5 available). Nothing was changed.')
    expect(picks(question)).toHaveLength(1)
    // The item is asked about first, of someone who may make the change at one of the locations.
    const which = await say('UBAY', 'issue 1 role from bay')
    expect(which.text).toMatch(/^Which one\? “ROLE” names 2 items/)

    await say('U0001', 'role <@UBAY|bay> viewer')
    const before = await movementCount(bot.db.pool)
    expect(await click('UBAY', ACTIONS.choose, String(picks(question)[0]))).toMatch(DENIED)
    expect(await movementCount(bot.db.pool)).toBe(before)
    await say('U0001', 'role <@UBAY|bay> clerk at bay-2')
    const again = await say('UBAY', 'issue 1 ROLEX from bay')
    expect(await click('UBAY', ACTIONS.choose, String(picks(again)[0]))).toMatch(
      /^#\d+ <@UBAY> issued 1 ROLEX Role part from bay-2 — now 4 on hand at bay-2/,
    )
  })

  it('checks a role limited to locations where a location named by its name is', async () => {
    await say('U0001', 'role <@UBAYM|baym> manager at bay-2')
    expect(await text('UBAYM', 'alerts off for bay two')).toContain('Low-stock alerts for bay-2 are off')
    expect(await text('UBAYM', 'alerts off for bay one')).toContain('You need the manager role at `bay-1` to')
  })
})

describe('a role limited to locations', () => {
  it('counts in full there and as viewer elsewhere; a move needs it at both ends', async () => {
    await say('U0001', 'role <@UANA|ana> clerk at north, south')
    expect(await text('UANA', 'receive ROLEX 2 at north')).toMatch(/received 2 ROLEX Role part at north/)
    expect(await text('UANA', 'issue ROLEX 1 from south')).toContain('only 0 available at south')
    expect(await text('UANA', 'move ROLEX 1 from north to south')).toMatch(/moved 1 ROLEX/)
    const before = await movementCount(bot.db.pool)
    expect(await text('UANA', 'receive ROLEX 2')).toBe(
      ':warning: You need the clerk role at `main` to receive stock (you are a viewer there). An admin can grant it: <@UADM>. Nothing was changed.',
    )
    expect(await text('UANA', 'move ROLEX 1 from north to main')).toContain(
      'You need the clerk role at `main` to move stock',
    )
    expect(await text('UANA', 'move ROLEX 1 from main to north')).toContain(
      'You need the clerk role at `main` to move stock',
    )
    expect(await text('UANA', 'count ROLEX 1 at north')).toContain(
      'You need the manager role at `north` to count stock (you are a clerk there)',
    )
    // What has no location (a reorder request, an item) needs the role everywhere.
    expect(await requestReorder('UANA', 'ROLEX')).toContain('You need the clerk role to ask for a reorder')
    expect(await movementCount(bot.db.pool)).toBe(before)
    expect(await text('U0001', 'roles')).toContain('<@UANA> clerk at `north`, `south`')
  })

  it('refuses an admin limited to locations, and a location that does not exist', async () => {
    expect(await text('U0001', 'role <@UANA> admin at north')).toContain('An admin is an admin everywhere')
    expect(await text('U0001', 'role <@UANA> manager at nowhere')).toContain('There is no location `nowhere`')
    expect(await text('U0001', 'roles')).toContain('<@UANA> clerk at `north`, `south`')
  })
})

describe('buttons someone was never shown', () => {
  it('refuses a viewer’s forged clicks: no form opens, nothing changes, each refusal is private', async () => {
    const receipt = await text('U0001', 'receive ROLEX 3')
    const before = await movementCount(bot.db.pool)
    const opened = bot.slack.calls({ kind: 'api', name: 'views.open' }).length
    expect(await click('UVIEW', ACTIONS.stockReceive, 'ROLEX')).toContain(
      'You need the clerk role to receive stock (you are a viewer)',
    )
    expect(await click('UVIEW', ACTIONS.reorder, 'ROLEX')).toContain(
      'You need the clerk role to ask for a reorder',
    )
    expect(await click('UVIEW', ACTIONS.undo, movementOf(receipt))).toMatch(
      /^:warning: Only <@U0001>, who made #\d+, or a manager at `main` can undo it \(you are a viewer there\)/,
    )
    const request = await ownersRequest()
    expect(await click('UVIEW', ACTIONS.approve, String(request))).toContain(
      'You need the manager role to approve reorder requests',
    )
    const fromHome = await bot.interact(
      buildBlockAction({ actionId: ACTIONS.release, value: '1', user: 'UVIEW', home: true }),
    )
    expect(fromHome.status).toBe(200)
    await bot.settled()
    expect(bot.slack.calls({ kind: 'api', name: 'views.open' })).toHaveLength(opened)
    expect(await movementCount(bot.db.pool)).toBe(before)
    expect(await text('U0001', 'orders')).toContain(`REQ-${request} (pending)`)
  })
})

describe('buttons on what only you see', () => {
  const blocksOf = async (user: string, line: string) => JSON.stringify((await say(user, line)).blocks)

  it('a stock card offers a viewer History only, and a clerk the changes too', async () => {
    const viewer = await blocksOf('UVIEW', 'stock ROLEX')
    expect(viewer).toContain(ACTIONS.stockHistory)
    for (const hidden of [ACTIONS.stockReceive, ACTIONS.stockIssue, ACTIONS.stockMove, ACTIONS.stockReserve])
      expect(viewer).not.toContain(hidden)
    const clerk = await blocksOf('UCLERK', 'stock ROLEX')
    for (const shown of [ACTIONS.stockReceive, ACTIONS.stockIssue, ACTIONS.stockMove, ACTIONS.stockReserve])
      expect(clerk).toContain(shown)
  })

  it('a form opened by a clerk limited to locations offers only those', async () => {
    await say('U0001', 'role <@UNORTH> clerk at north')
    const before = bot.slack.calls({ kind: 'api', name: 'views.open' }).length
    await bot.click(ACTIONS.stockIssue, 'ROLEX', { user: 'UNORTH' })
    const opened = await bot.slack.waitFor({ kind: 'api', name: 'views.open' }, before + 1)
    const form = JSON.stringify(opened.at(-1)?.body.view)
    expect(form).toContain('"value":"north"')
    expect(form).not.toContain('"value":"main"')
  })

  it('the App Home shows a viewer no Reorder or Approve, and a clerk Reorder', async () => {
    await ownersRequest()
    const home = async (user: string) => {
      const before = bot.slack.calls({ kind: 'api', name: 'views.publish' }).length
      await bot.event(
        buildEvent({ event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.1' } }),
      )
      const published = await bot.slack.waitFor({ kind: 'api', name: 'views.publish' }, before + 1)
      const view = published.find((c) => c.body.user_id === user && published.indexOf(c) >= before)
      return JSON.stringify(view?.body.view)
    }
    const viewer = await home('UVIEW')
    expect(viewer).toContain('LOWX')
    expect(viewer).not.toContain(ACTIONS.reorder)
    expect(viewer).not.toContain(ACTIONS.approve)
    const clerk = await home('UCLERK')
    expect(clerk).toContain(ACTIONS.reorder)
    expect(clerk).not.toContain(ACTIONS.approve)
    expect(await home('UMGR')).toContain(ACTIONS.approve)
  })
})

describe('who is an admin', () => {
  it('Slack’s workspace admins are, until given another role; users.info is asked once and remembered', async () => {
    bot.slack.setUser('USLACK', { isAdmin: true })
    const asked = () =>
      bot.slack.calls({ kind: 'api', name: 'users.info' }).filter((c) => c.body.user === 'USLACK').length
    expect(await text('USLACK', 'roles')).toMatch(/^\*Roles\*/)
    expect(await text('USLACK', 'settings default-role clerk')).toContain('made clerk the default role')
    expect(asked()).toBe(1)
    expect(await text('UMEMBER', 'roles')).toContain('You need the admin role to see who has which role')
    await say('U0001', 'role <@USLACK> clerk')
    expect(await text('USLACK', 'roles')).toContain('You need the admin role')
    expect(asked()).toBe(1)
  })

  it('ADMIN_USERS are, whatever a grant says (break-glass), and cannot be given another role', async () => {
    expect(await text('UBREAK', 'roles')).toContain('<@UBREAK> admin through ADMIN_USERS')
    expect(await text('U0001', 'role <@UBREAK> viewer')).toContain('is an admin through ADMIN_USERS')
    expect(await text('UBREAK', 'role <@UNEW2> manager')).toContain('made <@UNEW2> a manager')
  })

  it('nobody removes the last admin', async () => {
    const team = { team_id: 'TLAST' }
    const as = (user: string, line: string) => bot.answer(line, { ...team, user_id: user })
    expect((await as('U0001', 'role <@ULASTA> admin')).text).toContain('made <@ULASTA> an admin')
    // ULASTA is the only admin by grant (the owner's Slack status cannot be counted without asking Slack).
    expect((await as('ULASTA', 'role <@ULASTA> none')).text).toContain(
      '<@ULASTA> is this workspace’s last admin',
    )
    expect((await as('ULASTA', 'role <@ULASTA> manager')).text).toContain('last admin')
    // Whoever changes someone else's role is an admin, and stays one.
    expect((await as('U0001', 'role <@ULASTA> none')).text).toContain('removed <@ULASTA>’s role')
    expect((await as('U0001', 'role <@U0001> clerk')).text).toContain(
      '<@U0001> is this workspace’s last admin',
    )
    expect((await as('U0001', 'role <@ULASTB> admin')).text).toContain('made <@ULASTB> an admin')
    expect((await as('U0001', 'role <@U0001> clerk')).text).toContain('made <@U0001> a clerk')
    expect((await as('ULASTB', 'role <@ULASTB> viewer')).text).toContain('last admin')
    expect((await as('ULASTB', 'roles')).text).toContain('<@ULASTB> admin')
    expect((await as('U0001', 'roles')).text).toContain('You need the admin role')
  })
})

describe('the default role', () => {
  it('is clerk, and an admin can make it viewer for everyone without a role', async () => {
    const team = { team_id: 'TDEFAULT' }
    const as = (user: string, line: string) => bot.answer(line, { ...team, user_id: user })
    await as('U0001', 'new DEF Default part')
    expect((await as('UPLAIN', 'receive DEF 1')).text).toMatch(/received 1 DEF/)
    expect((await as('UPLAIN', 'settings default-role viewer')).text).toContain(
      'You need the admin role to change the default role (you are a clerk)',
    )
    expect((await as('U0001', 'settings default-role viewer')).text).toContain('made viewer the default role')
    expect((await as('UPLAIN', 'receive DEF 1')).text).toContain(
      'You need the clerk role at `main` to receive stock (you are a viewer there)',
    )
    expect((await as('UPLAIN', 'settings')).text).toContain(
      'Everyone without a role of their own is a viewer.',
    )
    expect((await as('U0001', 'settings default-role manager')).text).toContain('command is incomplete')
  })
})

describe('an Enterprise Grid org-wide install', () => {
  it('keeps a role to the workspace the request comes from', async () => {
    const grid = (team: string) => ({ team_id: team, enterprise_id: 'EGRID', is_enterprise_install: 'true' })
    const as = (team: string, user: string, line: string) =>
      bot.answer(line, { ...grid(team), user_id: user }).then((m) => String(m.text))
    for (const team of ['TGRIDA', 'TGRIDB']) await as(team, 'U0001', 'new GRID Grid part')
    expect(await as('TGRIDA', 'U0001', 'role <@UGRID> viewer')).toContain('made <@UGRID> a viewer')
    expect(await as('TGRIDA', 'UGRID', 'receive GRID 1')).toContain(
      'You need the clerk role at `main` to receive stock (you are a viewer there)',
    )
    expect(await as('TGRIDB', 'UGRID', 'receive GRID 1')).toMatch(/received 1 GRID/)
    expect(await as('TGRIDB', 'U0001', 'roles')).not.toContain('UGRID')
    const audited = await bot.db.pool.query(
      "SELECT team_id, enterprise_id FROM audit_log WHERE action = 'role.grant' AND subject = 'UGRID'",
    )
    expect(audited.rows).toEqual([{ team_id: 'TGRIDA', enterprise_id: 'EGRID' }])
  })
})
