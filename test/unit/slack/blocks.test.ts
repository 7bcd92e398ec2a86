import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../../src/inventory/results.js'
import { LIMITS, outcomeMessage, type SlackMessage, sections } from '../../../src/slack/blocks/index.js'
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
    for (const outcome of outcomes) expectWithinSlackLimits(outcomeMessage(outcome, 'U1'))
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
    expect(outcomeMessage(movement, 'U1')).toMatchObject({
      response_type: 'in_channel',
      text: '#7 <@U1> received 2 W Widget at main — now 9 on hand at main',
    })
    expect(outcomeMessage({ ok: true, result: { kind: 'help' } }, 'U1').response_type).toBe('ephemeral')
    expect(
      outcomeMessage({ ok: false, code: 'UNKNOWN_ITEM', details: { sku: 'W' } }, 'U1').response_type,
    ).toBe('ephemeral')
  })

  it('labels answers served from a replica as possibly stale', () => {
    const message = outcomeMessage({ ok: true, result: { kind: 'help' }, stale: true }, 'U1')
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
