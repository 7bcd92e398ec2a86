import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../../src/inventory/results.js'
import type { Role } from '../../../src/inventory/roles.js'
import {
  ACTIONS,
  DEFAULT_HOME_LIMITS,
  homeView,
  LIMITS,
  movementMessage,
  movementModal,
  newItemModal,
  outcomeMessage,
  type SlackMessage,
  sections,
  stockCard,
} from '../../../src/slack/blocks/index.js'
import { escapeText } from '../../../src/slack/format.js'

/** Slack's structural rules every message must keep. */
function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0)
  const blocks = message.blocks ?? []
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage)
  for (const block of blocks) {
    const b = block as { type: string; text?: { text: string } }
    if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText)
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.headerText)
  }
}

/** The time replies are written at, fixed: nothing in a builder reads the clock. */
const NOW = Date.parse('2026-11-28T10:00:00Z')
const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i))

describe('Block Kit builders', () => {
  it('keep long lists within Slack’s limits', () => {
    const outcomes: Outcome[] = [
      {
        ok: true,
        result: {
          kind: 'history',
          item: { sku: 'W', name: 'n'.repeat(200) },
          entries: many(40, (i) => ({
            movement: i + 1,
            verb: 'move' as const,
            at: '2026-11-28T10:00:00.000Z',
            actor: 'U1',
            quantity: 1,
            note: 'x'.repeat(500),
            lines: [
              { location: 'a', delta: -1, onHand: 1 },
              { location: 'b', delta: 1, onHand: 1 },
            ],
          })),
        },
      },
      {
        ok: true,
        result: {
          kind: 'find',
          text: 'w',
          items: many(40, (i) => ({
            sku: `W${i}`,
            name: 'y'.repeat(200),
            onHand: 1,
            available: 1,
            reorderPoint: 0,
          })),
        },
      },
      {
        ok: true,
        result: {
          kind: 'stock',
          item: { sku: 'W', name: 'z'.repeat(200), reorderPoint: 5, archived: false },
          levels: many(300, (i) => ({ location: `loc-${i}`, onHand: 5, reserved: 1, available: 4 })),
          total: { onHand: 1500, reserved: 300, available: 1200 },
        },
      },
      { ok: true, result: { kind: 'help' } },
      {
        ok: false,
        code: 'INSUFFICIENT_STOCK',
        details: { sku: 'W', location: 'main', available: 3, requested: 5 },
      },
    ]
    for (const outcome of outcomes) expectWithinSlackLimits(outcomeMessage(outcome, 'U1', NOW))
  })

  it('posts changes in the channel and keeps reads and refusals ephemeral', () => {
    const movement: Outcome = {
      ok: true,
      result: {
        kind: 'movement',
        verb: 'receive',
        movement: 7,
        item: { sku: 'W', name: 'Widget' },
        quantity: 2,
        lines: [{ location: 'main', delta: 2, onHand: 9 }],
      },
    }
    expect(outcomeMessage(movement, 'U1', NOW)).toMatchObject({
      response_type: 'in_channel',
      text: '#7 <@U1> received 2 W Widget at main — now 9 on hand at main',
    })
    expect(outcomeMessage({ ok: true, result: { kind: 'help' } }, 'U1', NOW).response_type).toBe('ephemeral')
    expect(
      outcomeMessage({ ok: false, code: 'UNKNOWN_ITEM', details: { sku: 'W' } }, 'U1', NOW).response_type,
    ).toBe('ephemeral')
  })

  it('labels answers served from a replica as possibly stale', () => {
    const message = outcomeMessage({ ok: true, result: { kind: 'help' }, stale: true }, 'U1', NOW)
    expect(JSON.stringify(message.blocks?.[0])).toContain('replica')
  })

  it('packs lines into as few sections as fit', () => {
    expect(sections(many(10, () => 'x'.repeat(100)))).toHaveLength(1)
    expect(sections(many(10, () => 'x'.repeat(1000)))).toHaveLength(5)
  })
})

describe('escapeText', () => {
  it('neutralises mass mentions and links but keeps user and channel references', () => {
    expect(escapeText('<!channel> <https://evil|x> & <@U123> <#C1|general>')).toBe(
      '&lt;!channel&gt; &lt;https://evil|x&gt; &amp; <@U123> <#C1|general>',
    )
  })
})

describe('interactive Block Kit', () => {
  const movement = (i: number) => ({
    movement: i,
    sku: `S${i}`,
    verb: 'receive' as const,
    at: '2026-11-28T10:00:00.000Z',
    actor: 'U1',
    quantity: 1,
    note: 'n'.repeat(500),
    lines: [{ location: 'main', delta: 1, onHand: 1 }],
  })

  it('keeps the App Home within 100 blocks, offering More where rows were cut', () => {
    const view = homeView({
      userId: 'U1',
      access: { role: 'admin', source: 'grant' },
      low: many(60, (i) => ({
        sku: `L${i}`,
        name: 'x'.repeat(200),
        onHand: 1,
        available: 1,
        reorderPoint: 5,
      })),
      requests: many(60, (i) => ({
        request: i,
        item: { sku: 'R', name: 'r' },
        quantity: 1,
        requestedBy: 'U2',
        status: 'pending' as const,
        createdAt: '2026-11-28T10:00:00.000Z',
      })),
      reservations: [],
      movements: many(60, movement),
      limits: { low: 50, requests: 50, reservations: 50, movements: 50 },
    })
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView)
    expect(JSON.stringify(view.blocks)).toContain(ACTIONS.homeMore)
    expect(String(view.private_metadata).length).toBeLessThan(LIMITS.privateMetadata)
  })

  it('shows Approve/Reject only to managers and admins who did not ask, and Receive once approved to clerks', () => {
    const request = (status: 'pending' | 'approved', requestedBy: string) => ({
      request: 1,
      item: { sku: 'R', name: 'r' },
      quantity: 1,
      requestedBy,
      status,
      createdAt: '2026-11-28T10:00:00.000Z',
    })
    const home = (role: Role, r: ReturnType<typeof request>) =>
      JSON.stringify(
        homeView({
          userId: 'U1',
          access: { role, source: 'grant' },
          low: [],
          requests: [r],
          reservations: [],
          movements: [],
          limits: DEFAULT_HOME_LIMITS,
        }).blocks,
      )
    expect(home('admin', request('pending', 'U2'))).toContain(ACTIONS.approve)
    expect(home('manager', request('pending', 'U2'))).toContain(ACTIONS.approve)
    expect(home('admin', request('pending', 'U1'))).not.toContain(ACTIONS.approve)
    expect(home('clerk', request('pending', 'U2'))).not.toContain(ACTIONS.approve)
    expect(home('clerk', request('approved', 'U2'))).toContain(ACTIONS.requestReceive)
    expect(home('viewer', request('approved', 'U2'))).not.toContain(ACTIONS.requestReceive)
  })

  it('keeps a stock card with hundreds of locations within 50 blocks, with its buttons', () => {
    const card = stockCard({
      kind: 'stock',
      item: { sku: 'W', name: 'w', reorderPoint: 0, archived: false },
      levels: many(2000, (i) => ({ location: `location-${i}`, onHand: 1, reserved: 0, available: 1 })),
      total: { onHand: 2000, reserved: 0, available: 2000 },
    })
    expect(card.blocks?.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage)
    expect(JSON.stringify(card.blocks)).toContain(ACTIONS.stockReceive)
  })

  it('builds modals within Slack’s limits (title, blocks, select options, private_metadata)', () => {
    const view = movementModal({
      metadata: {
        verb: 'move',
        sku: 'W'.repeat(40),
        channelId: 'C0001',
        cardResponseUrl: `https://hooks.slack.com/actions/${'x'.repeat(300)}`,
      },
      item: { sku: 'W', name: 'w', onHand: 1, available: 1 },
      locations: many(150, (i) => ({ code: `loc-${i}`, name: 'n'.repeat(100) })),
      location: 'loc-3',
    })
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle)
    expect(String(view.private_metadata).length).toBeLessThan(LIMITS.privateMetadata)
    const select = JSON.stringify(view.blocks).match(/"options":\[(.*?)\]/)?.[1] ?? ''
    expect(select.split('"value"').length - 1).toBeLessThanOrEqual(LIMITS.selectOptions)
    expect(newItemModal({}).blocks.length).toBe(5)
  })

  it('offers Undo on a movement message, but not on an undo', () => {
    const base = {
      kind: 'movement' as const,
      movement: 3,
      item: { sku: 'W', name: 'w' },
      quantity: 1,
      lines: [{ location: 'main', delta: 1, onHand: 1 }],
    }
    expect(JSON.stringify(movementMessage({ ...base, verb: 'receive' }, 'U1').blocks)).toContain(ACTIONS.undo)
    expect(JSON.stringify(movementMessage({ ...base, verb: 'undo' }, 'U1').blocks)).not.toContain(
      ACTIONS.undo,
    )
  })
})

describe('outcomeMessage and the clock', () => {
  it('writes a dead letter’s age from the time it is given, not from the clock', () => {
    const letter = {
      id: 7,
      teamId: 'T1',
      requestKey: 'cmd:1',
      payload: '{}',
      reason: 'poisoned',
      deliveries: 5,
      status: 'dead' as const,
      createdAt: new Date(NOW - 3 * 60_000).toISOString(),
    }
    const message = outcomeMessage({ ok: true, result: { kind: 'dead-letter', letter } }, 'U1', NOW)
    expect(message.text).toContain('5 deliveries · 3m ago')
  })
})

describe('"Which one?"', () => {
  const options = many(5, (i) => ({
    sku: `SKU-${i}`,
    name: `${'Long name '.repeat(30)}${i}`,
    available: 1_000_000 * i,
  }))
  const buttonsOf = (message: SlackMessage) =>
    (message.blocks ?? []).flatMap((block) => {
      const b = block as {
        type: string
        elements?: { action_id: string; value: string; text: { text: string } }[]
      }
      return b.type === 'actions' ? (b.elements ?? []) : []
    })

  it('offers one button per option, SKU — name — available where asked, within Slack’s limits', () => {
    const message = outcomeMessage(
      {
        ok: true,
        result: { kind: 'choose', field: 'sku', given: 'long', at: 'shelf-2', options, question: 'q-1' },
      },
      'U1',
      NOW,
    )
    expectWithinSlackLimits(message)
    expect(message.response_type).toBe('ephemeral')
    const buttons = buttonsOf(message)
    expect(buttons).toHaveLength(5)
    for (const [i, b] of buttons.entries()) {
      expect(b.action_id).toBe(ACTIONS.choose)
      expect(b.value).toBe(`q-1:SKU-${i}`)
      expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText)
      expect(b.text.text).toMatch(
        new RegExp(
          `^SKU-${i} — Long name .*… — ${(1_000_000 * i).toLocaleString('en-US')} available at shelf-2$`,
        ),
      )
    }
    // Slack wants action ids unique within a block: each button has its own row.
    expect((message.blocks ?? []).filter((b) => b.type === 'actions')).toHaveLength(5)
  })

  it('carries a read in its buttons, with the item picked', () => {
    const message = outcomeMessage(
      {
        ok: true,
        result: {
          kind: 'choose',
          field: 'sku',
          given: 'bolt',
          options: options.slice(0, 2),
          read: { verb: 'history', sku: 'bolt', limit: 5 },
        },
      },
      'U1',
      NOW,
    )
    expect(buttonsOf(message).map((b) => [b.action_id, JSON.parse(b.value)])).toEqual([
      [ACTIONS.chooseRead, { verb: 'history', sku: 'SKU-0', limit: 5 }],
      [ACTIONS.chooseRead, { verb: 'history', sku: 'SKU-1', limit: 5 }],
    ])
  })

  it('escapes the words given and the names', () => {
    const message = outcomeMessage(
      {
        ok: true,
        result: {
          kind: 'choose',
          field: 'location',
          given: '<!channel>',
          options: [{ code: 'a', name: '<b>', available: 1 }],
          question: 'q',
        },
      },
      'U1',
      NOW,
    )
    expect(message.text).toBe(
      'Is this the one? “&lt;!channel&gt;”: `a` &lt;b&gt; (1 available). Nothing was changed.',
    )
  })

  it('names how many fit when several do', () => {
    const message = outcomeMessage(
      {
        ok: true,
        result: {
          kind: 'choose',
          field: 'location',
          given: 'bin',
          options: [
            { code: 'bin-1', name: 'Bin one', available: 0 },
            { code: 'bin-2', name: 'Bin two', available: 4 },
          ],
          question: 'q',
        },
      },
      'U1',
      NOW,
    )
    expect(message.text).toBe(
      'Which one? “bin” names 2 locations: `bin-1` Bin one (0 available), `bin-2` Bin two (4 available). Nothing was changed.',
    )
  })
})
